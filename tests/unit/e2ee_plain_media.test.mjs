// Unit tests of media in clear (docs/e2ee.md "Participants who cannot encrypt media", issue 12): a server cannot switch end-to-end encryption off, only a moderator's end-to-end authenticated decision about a confirmed participant who announced that it cannot encrypt media can; announcements and decisions are bound to the room and meeting instance.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeServer, frameFrom, isClearFrame, kFrame, randomInstance, receive } from './meeting_harness.mjs';
import { createIdentity, makeAnnounce, verifyAnnounce } from '../../web/js/e2ee/key_exchange.js';
import { deriveMeetingKeys } from '../../web/js/e2ee/key_schedule.js';
import { PlainMediaDecisions, makeDecision } from '../../web/js/e2ee/plain_media.js';
import { toBase64Url } from '../../web/js/e2ee/bytes.js';

/** @typedef {import('./meeting_harness.mjs').Member} Member */

const clear = () => new Uint8Array(kFrame);

/**
 * `member` encrypts its own frames (one decrypts at `peer`) and drops frames in clear from
 * everyone in `from`, present or not.
 * @param {Member} member
 * @param {Member} peer
 * @param {string[]} from
 */
async function keepsEncrypting(member, peer, from) {
  const own = await frameFrom(member);
  assert.ok(own && !isClearFrame(own), `${member.id} sends ciphertext`);
  assert.ok(isClearFrame(await receive(peer, member.id, /** @type {any} */ (own))), `${peer.id} decrypts it`);
  for (const id of from) assert.equal(await receive(member, id, clear()), null, `${member.id} drops clear frames from ${id}`);
  const status = member.enc.status;
  assert.equal(status.mediaEncrypted, true);
  assert.deepEqual(status.admittedBy, []);
}

/**
 * A meeting with a moderator and two guests, everyone confirmed.
 * @returns {Promise<{server: FakeServer, mod: Member, ann: Member, ben: Member}>}
 */
async function meeting() {
  const server = new FakeServer();
  const mod = await server.join('mod', { role: 'moderator' });
  const ann = await server.join('ann');
  const ben = await server.join('ben');
  for (const m of [mod, ann, ben]) assert.ok(m.enc.status.verified, `${m.id} verified`);
  return { server, mod, ann, ben };
}

test('a server claiming media in clear (media-encryption) changes nothing', async () => {
  const { server, mod, ann, ben } = await meeting();
  await server.inject(ann, { type: 'media-encryption', encrypted: false, plain: [ben.id, 'f00dfeedf00dfeed'] });
  await keepsEncrypting(ann, mod, [ben.id, mod.id, 'f00dfeedf00dfeed']);
  assert.equal(ann.enc.status.verified, true, 'no downgrade shown');
  assert.deepEqual(ann.enc.status.plain, []);
  assert.equal(ann.media?.stats.sentPlain, 0);
  assert.equal(ann.media?.stats.receivedPlain, 0);
});

test('a moderator\'s decision lets someone who cannot encrypt in; everyone shows who decided; it ends when they leave', async () => {
  const { server, mod, ann, ben } = await meeting();
  const otto = await server.admitPlain(mod, 'otto');
  const decisions = server.log.filter((m) => m.type === 'e2ee-plain-media');
  assert.deepEqual(decisions.map((m) => [m.from, m.participant, m.to]), [['mod', 'otto', undefined]]);
  for (const m of [mod, ann, ben]) {
    const status = m.enc.status;
    assert.equal(status.mediaEncrypted, false, `${m.id} knows media is in clear`);
    assert.deepEqual(status.plain, ['otto']);
    assert.deepEqual(status.admittedBy, ['Name mod'], `${m.id} names the moderator`);
    assert.equal(status.verified, false);
    // Otto can decode its frames only in clear; Otto's own frames are accepted in clear.
    assert.ok(isClearFrame(await frameFrom(m)), `${m.id} sends in clear`);
    assert.ok(isClearFrame(await receive(m, 'otto', clear())));
  }
  assert.equal(otto.enc.status.plainSelf, true);
  assert.equal(otto.enc.status.mediaEncrypted, false);
  // Frames in clear are accepted from confirmed participants only, never from an unknown id.
  assert.ok(isClearFrame(await receive(ann, mod.id, clear())));
  assert.equal(await receive(ann, 'f00dfeedf00dfeed', clear()), null);

  // A newcomer gets the decision from the moderator once confirmed, and follows it.
  const cleo = await server.join('cleo');
  const repeated = server.log.filter((m) => m.type === 'e2ee-plain-media').at(-1);
  assert.deepEqual([repeated.from, repeated.participant, repeated.to], ['mod', 'otto', 'cleo']);
  assert.equal(cleo.enc.status.mediaEncrypted, false);
  assert.ok(isClearFrame(await frameFrom(cleo)));

  await server.leave('otto');
  for (const m of [mod, ann, ben, cleo]) {
    await keepsEncrypting(m, m === mod ? ann : mod, ['otto']);
    assert.equal(m.enc.status.verified, true, `${m.id} encrypted and verified again`);
  }
});

test('let in without a moderator\'s decision, someone who cannot encrypt gets nothing in clear', async () => {
  const { server, mod, ann } = await meeting();
  // The server admits Otto by itself (or a moderator's admit never reached any client).
  const otto = await server.join('otto', { plainMedia: true });
  assert.equal(otto.enc.status.plainSelf, true);
  for (const m of [mod, ann]) {
    await keepsEncrypting(m, m === mod ? ann : mod, ['otto']);
    assert.deepEqual(m.enc.status.undecided, ['otto'], `${m.id} says why Otto stays dark`);
  }
});

test('forged, absent, unknown and non-moderator decisions are refused', async () => {
  const { server, mod, ann, ben } = await meeting();
  await server.join('otto', { plainMedia: true });
  const meetingKeys = await deriveMeetingKeys(new Uint8Array(server.link), server.room);
  const refusedBefore = ann.enc.session.decisionsRejected;
  const forged = [
    { type: 'e2ee-plain-media', from: 'mod', participant: 'otto', mac: toBase64Url(crypto.getRandomValues(new Uint8Array(32))) },
    { type: 'e2ee-plain-media', from: 'mod', participant: 'otto' },
    { type: 'e2ee-plain-media', from: 'mod', participant: 'otto', mac: 'not base64!' },
    { type: 'e2ee-plain-media', from: 'mod', participant: 'f00dfeedf00dfeed', mac: 'A'.repeat(43) },
    { type: 'e2ee-plain-media', from: 'f00dfeedf00dfeed', participant: 'otto', mac: 'A'.repeat(43) },
    { type: 'e2ee-plain-media', from: 'ann', participant: 'otto', mac: 'A'.repeat(43) },
  ];
  for (const message of forged) await server.inject(ann, message);
  assert.equal(ann.enc.session.decisionsRejected, refusedBefore + forged.length);
  // A link holder without the role (Ben) can compute a valid MAC, but is no moderator; and a
  // valid MAC about someone whose own announcement says it can encrypt (Ben) does not count.
  const ids = await peerIdentities(server, ['ben', 'otto', 'mod']);
  await server.inject(ann, { ...await makeDecision(meetingKeys, server.instance, ids.ben, ids.otto), from: 'ben' });
  await server.inject(ann, { ...await makeDecision(meetingKeys, server.instance, ids.mod, ids.ben), from: 'mod' });
  // Nor does one that someone who cannot encrypt makes about itself, moderator or not.
  server.members.get('otto').role = 'moderator';
  await server.inject(ann, { ...await makeDecision(meetingKeys, server.instance, ids.otto, ids.otto), from: 'otto' });
  assert.equal(ann.enc.session.decisionsRejected, refusedBefore + forged.length + 3);
  await keepsEncrypting(ann, ben, ['otto', 'mod', 'ben']);
  await keepsEncrypting(mod, ann, ['otto']);
});

test('a decision about someone who has left is refused', async () => {
  const { server, mod, ann } = await meeting();
  await server.admitPlain(mod, 'otto');
  const decision = server.log.find((m) => m.type === 'e2ee-plain-media');
  await server.leave('otto');
  await server.inject(ann, decision);
  await keepsEncrypting(ann, mod, ['otto']);
});

test('announcements and decisions are bound to room and meeting instance, and the media flag to its sender', async () => {
  const server = new FakeServer();
  const keys = await deriveMeetingKeys(new Uint8Array(server.link), server.room);
  const otherRoom = await deriveMeetingKeys(new Uint8Array(server.link), 'team-daily');
  const [x, y] = [randomInstance(), randomInstance()];
  const identity = await createIdentity();
  const announce = { ...await makeAnnounce(keys, { instance: x, id: 'otto', plainMedia: true }, identity, 'bmFtZQ'), from: 'otto' };
  const verified = await verifyAnnounce(keys, x, announce);
  assert.equal(verified?.plainMedia, true);
  assert.equal(await verifyAnnounce(keys, y, announce), null, 'instance X refused in instance Y');
  assert.equal(await verifyAnnounce(otherRoom, x, announce), null, 'another room');
  const { plainMedia: _, ...stripped } = announce;
  assert.equal(await verifyAnnounce(keys, x, stripped), null, 'the flag removed');
  assert.equal(await verifyAnnounce(keys, x, { ...announce, plainMedia: 'yes' }), null);
  const encrypting = { ...await makeAnnounce(keys, { instance: x, id: 'ben', plainMedia: false }, identity, 'bmFtZQ'), from: 'ben' };
  assert.equal((await verifyAnnounce(keys, x, encrypting))?.plainMedia, false);
  assert.equal(await verifyAnnounce(keys, x, { ...encrypting, plainMedia: true }), null, 'the flag added');

  const moderator = { ...identity, id: 'mod', publicRaw: (await createIdentity()).publicRaw };
  const decision = await makeDecision(keys, x, moderator, /** @type {any} */ (verified));
  const peers = new Map([
    ['mod', { ...moderator, publicKey: identity.privateKey, name: '', plainMedia: false, confirmed: true, displayName: 'Mona' }],
    ['otto', { .../** @type {any} */ (verified), confirmed: true, displayName: 'Otto' }],
  ]);
  /**
   * @param {import('../../web/js/e2ee/key_schedule.js').MeetingKeys} meeting
   * @param {string} instance
   */
  const accepted = async (meeting, instance) => {
    const decisions = new PlainMediaDecisions();
    assert.ok(decisions.receive({ ...decision, from: 'mod' }, () => true));
    await decisions.settle({ meeting, instance, peers: /** @type {any} */ (peers), self: { id: 'ann', publicRaw: new Uint8Array(65) },
      selfModerator: false, isModerator: (id) => id === 'mod' });
    return decisions.admitted.has('otto');
  };
  assert.equal(await accepted(keys, x), true, 'in its own meeting');
  assert.equal(await accepted(keys, y), false, 'replayed into another instance');
  assert.equal(await accepted(otherRoom, x), false, 'replayed into another room');
});

test('a server replaying an earlier meeting under its instance gets no verified ghost and no media in clear', async () => {
  const first = await meeting();
  await first.server.admitPlain(first.mod, 'otto');
  const recorded = first.server.log.filter((m) => (m.type === 'e2ee-announce' && !m.to && ['mod', 'otto'].includes(m.from)) ||
    m.type === 'e2ee-plain-media');
  assert.equal(recorded.length, 3);

  // Later, a malicious server reuses the instance and plays the old moderator and Otto to Ann.
  const second = new FakeServer();
  second.link = first.server.link;
  second.instance = first.server.instance;
  const ann = await second.join('ann');
  for (const ghost of [{ id: 'mod', role: 'moderator' }, { id: 'otto', role: 'guest' }]) {
    second.members.set(ghost.id, /** @type {any} */ ({ ...ghost, enc: { whenIdle: async () => {} }, signaling: { deliver() {} } }));
    ann.enc.participantJoined({ id: ghost.id, name: 'x', audio: false, video: true, e2ee: true, role: ghost.role });
  }
  for (const message of recorded) await second.inject(ann, message);
  // The old announcements still verify (same link, same instance), but neither ghost can
  // answer with a key under Ann's fresh key: neither is confirmed, the decision stays unchecked.
  assert.equal(ann.enc.session.displayName('mod'), 'Name mod');
  assert.equal(ann.enc.status.verified, false, 'shown as still verifying, not as verified');
  assert.equal(ann.enc.session.plainMediaAdmitted().size, 0);
  const own = await frameFrom(ann);
  assert.ok(own && !isClearFrame(own));
  for (const id of ['mod', 'otto']) assert.equal(await receive(ann, id, clear()), null);
  assert.equal(ann.enc.status.mediaEncrypted, true);
});

/**
 * Participants' verified identities as another participant holds them (their announcements).
 * @param {FakeServer} server
 * @param {string[]} ids
 * @returns {Promise<Record<string, any>>}
 */
async function peerIdentities(server, ids) {
  const keys = await deriveMeetingKeys(new Uint8Array(server.link), server.room);
  /** @type {Record<string, any>} */
  const out = {};
  for (const id of ids) {
    const announce = server.log.find((m) => m.type === 'e2ee-announce' && m.from === id);
    out[id] = await verifyAnnounce(keys, server.instance, announce);
  }
  return out;
}
