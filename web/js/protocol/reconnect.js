// Resuming a participation after the signaling socket dropped (docs/protocol.md "Reconnecting"): new sockets with growing pauses until the server takes the resume token, refuses it, or the grace period is over.

/** @typedef {import('./signaling.js').SignalingClient} SignalingClient */
/** @typedef {import('./signaling.js').ResumedMessage} ResumedMessage */

/** The server's default grace period; after it the participation is gone anyway. */
export const kReconnectGraceMs = 20_000;
/** Pauses before the attempts: 0.5, 1, 2, then every 4 s. */
export const kReconnectDelaysMs = [500, 1000, 2000, 4000];
/** How long one attempt may take to open a socket, and then to get the server's answer. */
const kAttemptTimeoutMs = 5_000;

/** @param {number} ms */
function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * One attempt on an open socket: resolves with `resumed`, 'failed' when the server refused the
 * token (it is spent, expired or the participant was removed), or null when the socket closed.
 * @param {SignalingClient} signaling
 * @param {string} room
 * @param {string} token
 * @returns {Promise<ResumedMessage | 'failed' | null>}
 */
function askToResume(signaling, room, token) {
  return new Promise((resolve) => {
    /** @type {(() => void)[]} */
    const offs = [];
    /** @param {ResumedMessage | 'failed' | null} result */
    const done = (result) => {
      for (const off of offs) off();
      resolve(result);
    };
    offs.push(signaling.on('resumed', (m) => done(m)));
    offs.push(signaling.on('error', (e) => {
      if (e.ref === 'resume' || e.code === 'resume-failed') done('failed');
    }));
    offs.push(signaling.onClose(() => done(null)));
    // An answer that never comes counts as a dropped socket: the next attempt opens a new one.
    const timer = setTimeout(() => {
      signaling.close();
      done(null);
    }, kAttemptTimeoutMs);
    offs.push(() => clearTimeout(timer));
    if (!signaling.send({ type: 'resume', room, token })) done(null);
  });
}

/**
 * Reconnects `signaling` and resumes; null when the participation cannot be resumed.
 * @param {SignalingClient} signaling keeps its listeners across sockets
 * @param {{room: string, token: string, url?: string, graceMs?: number, cancelled: () => boolean}} options
 * @returns {Promise<ResumedMessage | null>}
 */
export async function resumeWithBackoff(signaling, { room, token, url, graceMs = kReconnectGraceMs, cancelled }) {
  const deadline = Date.now() + graceMs;
  for (let attempt = 0; Date.now() < deadline; attempt++) {
    await sleep(kReconnectDelaysMs[Math.min(attempt, kReconnectDelaysMs.length - 1)]);
    if (cancelled()) return null;
    try {
      await signaling.connect(url, Math.min(kAttemptTimeoutMs, Math.max(0, deadline - Date.now())));
    } catch {
      continue;
    }
    if (cancelled()) return null;
    const answer = await askToResume(signaling, room, token);
    if (answer === 'failed') return null;
    if (answer) return answer;
  }
  return null;
}
