// The client's TURN servers from the offer's credentials and the media path read from getStats
// (docs/protocol.md "offer"): turns: on the page's own host and port, turn: only with a UDP port.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { mediaPath, turnIceServers } from '../../web/js/protocol/media_path.js';

const turn = { username: '1800000000:abc', credential: 'pw' };

test('TURN over TLS on the page port, UDP only when offered', () => {
  assert.deepEqual(turnIceServers(turn, { hostname: 'meet.example', port: '' }), [
    { urls: ['turns:meet.example:443?transport=tcp'], username: turn.username, credential: 'pw' },
  ]);
  const both = turnIceServers({ ...turn, udpPort: 3478 }, { hostname: '2001:db8::1', port: '8443' });
  assert.deepEqual(both[0].urls, ['turn:[2001:db8::1]:3478?transport=udp', 'turns:[2001:db8::1]:8443?transport=tcp']);
});

test('an operator\'s own TURN server is used as named', () => {
  const external = { ...turn, urls: ['turns:turn.example.org:443?transport=tcp'] };
  assert.deepEqual(turnIceServers(external, { hostname: 'meet.example', port: '' }), [
    { urls: external.urls, username: turn.username, credential: 'pw' },
  ]);
});

/** A getStats() stand-in: a Map of reports, as browsers return. */
function pcWith(local) {
  const stats = new Map([
    ['T', { type: 'transport', selectedCandidatePairId: 'P' }],
    ['P', { type: 'candidate-pair', localCandidateId: 'L' }],
    ['L', { type: 'local-candidate', ...local }],
  ]);
  return { getStats: async () => stats };
}

test('the selected pair names the path', async () => {
  assert.equal(await mediaPath(pcWith({ candidateType: 'host', protocol: 'udp' })), 'udp');
  assert.equal(await mediaPath(pcWith({ candidateType: 'host', protocol: 'tcp' })), 'tcp');
  assert.equal(await mediaPath(pcWith({ candidateType: 'relay', protocol: 'udp', relayProtocol: 'tls' })), 'turn-tls');
  assert.equal(await mediaPath(pcWith({ candidateType: 'relay', protocol: 'udp', relayProtocol: 'udp' })), 'turn-udp');
  assert.equal(await mediaPath(pcWith({ candidateType: 'relay', relayProtocol: 'tcp' })), 'turn-tcp');
  assert.equal(await mediaPath({ getStats: async () => new Map() }), null);
});

test('an offer with malformed TURN credentials is refused', async () => {
  const { validateServerMessage } = await import('../../web/js/protocol/signaling.js');
  const offer = { type: 'offer', offerId: 1, sdp: 'v=0', streams: [] };
  assert.ok(validateServerMessage({ ...offer, turn: { username: 'u', credential: 'c', udpPort: 3478 } }));
  assert.ok(validateServerMessage(offer));
  assert.equal(validateServerMessage({ ...offer, turn: { username: 'u' } }), null);
  assert.equal(validateServerMessage({ ...offer, turn: 'u:c' }), null);
  assert.equal(validateServerMessage({ ...offer, turn: { username: 'u', credential: 'c', urls: ['https://x'] } }), null);
});
