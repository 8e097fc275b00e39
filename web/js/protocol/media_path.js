// The media path: TURN servers from the offer's credentials (docs/protocol.md "offer"), and which
// path ICE chose, read from getStats (direct UDP, TCP, or TURN over UDP, TCP or TLS).

/** @typedef {{username: string, credential: string, udpPort?: number, urls?: string[]}} TurnCredentials */
/** @typedef {'udp' | 'tcp' | 'turn-udp' | 'turn-tcp' | 'turn-tls'} MediaPath */

/**
 * The built-in TURN server on the page's own host: TURN over TLS on the page's port, which
 * passes proxies that allow only HTTPS, and TURN over UDP when the server offers a port. ICE
 * tries direct candidates first and the relay only when they fail.
 * @param {TurnCredentials} turn
 * @param {{hostname: string, port: string}} where the page's location
 * @returns {RTCIceServer[]}
 */
export function turnIceServers(turn, where) {
  // The operator's own TURN server (turn.external_url) when the server names one.
  if (turn.urls?.length) return [{ urls: turn.urls, username: turn.username, credential: turn.credential }];
  const host = where.hostname.includes(':') ? `[${where.hostname}]` : where.hostname;
  const urls = [`turns:${host}:${where.port || '443'}?transport=tcp`];
  if (turn.udpPort) urls.unshift(`turn:${host}:${turn.udpPort}?transport=udp`);
  return [{ urls, username: turn.username, credential: turn.credential }];
}

/**
 * The path of the selected candidate pair, or null while there is none.
 * @param {RTCPeerConnection} pc
 * @returns {Promise<MediaPath | null>}
 */
export async function mediaPath(pc) {
  const stats = await pc.getStats();
  /** @type {any} */
  let pair = null;
  stats.forEach((/** @type {any} */ s) => {
    if (s.type === 'transport' && s.selectedCandidatePairId) pair = stats.get(s.selectedCandidatePairId);
  });
  if (!pair) {
    stats.forEach((/** @type {any} */ s) => {
      if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded' && !pair) pair = s;
    });
  }
  const local = pair ? stats.get(pair.localCandidateId) : null;
  if (!local) return null;
  if (local.candidateType === 'relay') {
    const relay = String(local.relayProtocol ?? 'udp');
    return relay === 'tls' ? 'turn-tls' : relay === 'tcp' ? 'turn-tcp' : 'turn-udp';
  }
  return local.protocol === 'tcp' ? 'tcp' : 'udp';
}
