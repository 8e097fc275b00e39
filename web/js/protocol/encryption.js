// The end-to-end encryption of one participation wired to signaling and the peer connection: keys out and in, names and chat decrypted, the status the UI shows (docs/e2ee.md).

import { E2eeSession } from '../e2ee/e2ee_session.js';
import { MediaTransforms, e2eeSupported } from '../e2ee/media_transform.js';

/** @typedef {import('./signaling.js').SignalingClient} SignalingClient */

/**
 * What the UI shows: whether every present participant has a verified key, the safety code over
 * those keys, and who joined without encryption (so the meeting is not end-to-end encrypted).
 * @typedef {object} EncryptionStatus
 * @property {boolean} verified every participant the server lists has a verified key
 * @property {string} safetyCode 5 groups of 4 digits; '' until computed
 * @property {string[]} plain ids of participants who joined without encryption
 * @property {number} sendIndex our sender key index (tests and diagnostics)
 */

/**
 * Test switch (tests/e2e only): a page with `globalThis.vicosTestWithholdKeys = true` drops every
 * key message it receives, so it gets frames it cannot decrypt.
 * @returns {boolean}
 */
function withholdKeysForTest() {
  return /** @type {{vicosTestWithholdKeys?: boolean}} */ (globalThis).vicosTestWithholdKeys === true;
}

export class Encryption {
  /** @type {MediaTransforms} */
  transforms;
  /** @type {E2eeSession} */
  session;
  /** @type {EncryptionStatus} */
  status = { verified: true, safetyCode: '', plain: [], sendIndex: 0 };
  /** Called whenever `status` or a display name changed. */
  onChange = () => {};
  /** @type {SignalingClient | null} */
  #signaling = null;
  /** @type {Set<string>} */
  #plain = new Set();

  /**
   * @param {MediaTransforms} transforms
   * @param {E2eeSession} session
   */
  constructor(transforms, session) {
    this.transforms = transforms;
    this.session = session;
  }

  /**
   * Keys for this conference; null when this browser cannot take part encrypted.
   * @param {Uint8Array<ArrayBuffer>} linkSecret
   * @param {string} room
   * @param {string} name
   * @returns {Promise<Encryption | null>}
   */
  static async create(linkSecret, room, name) {
    const mode = e2eeSupported();
    if (mode === null) return null;
    const transforms = new MediaTransforms(mode);
    try {
      return new Encryption(transforms, await E2eeSession.create(linkSecret, room, name, transforms));
    } catch (error) {
      transforms.close();
      throw error;
    }
  }

  /**
   * Routes the relayed e2ee messages to the session and its replies back; call before `join`.
   * @param {SignalingClient} signaling
   */
  bind(signaling) {
    this.#signaling = signaling;
    signaling.on('e2ee-announce', (m) => this.#run(this.session.handleAnnounce(m)));
    signaling.on('e2ee-key', (m) => {
      if (!withholdKeysForTest()) this.#run(this.session.handleKey(m));
    });
    // Frames under a key that just arrived can be decoded again from the next keyframe.
    this.transforms.onKeyReady = (participant) => signaling.send({ type: 'keyframe', participant });
  }

  /**
   * After `joined`.
   * @param {string} self
   * @param {import('./signaling.js').Participant[]} others
   */
  start(self, others) {
    for (const p of others) if (!p.e2ee) this.#plain.add(p.id);
    this.#run(this.session.start(self, others.map((p) => p.id)));
  }

  /** @param {import('./signaling.js').Participant} p */
  participantJoined(p) {
    if (!p.e2ee) this.#plain.add(p.id);
    this.#run(this.session.participantJoined(p.id));
  }

  /** After resuming on a new socket: announce ourselves again (docs/protocol.md "Reconnecting"). */
  resync() {
    this.#run(this.session.reannounce());
  }

  /**
   * A participant came back from reconnecting: announce to them and give them our key again.
   * @param {string} id
   */
  participantReturned(id) {
    this.#run(this.session.participantReturned(id));
  }

  /** @param {string} id */
  participantLeft(id) {
    this.#plain.delete(id);
    this.#run(this.session.participantLeft(id));
  }

  /**
   * The verified display name, or null until the participant's announcement verified.
   * @param {string} id
   */
  displayName(id) {
    return this.session.displayName(id);
  }

  close() {
    this.transforms.close();
  }

  /** @param {Promise<import('../e2ee/e2ee_session.js').OutgoingMessage[]>} pending */
  #run(pending) {
    pending.then(async (out) => {
      for (const message of out) this.#signaling?.send(message);
      this.status = {
        verified: this.session.allVerified() && this.#plain.size === 0,
        safetyCode: await this.session.safetyCode(),
        plain: [...this.#plain],
        sendIndex: this.session.sendIndex,
      };
      this.onChange();
    }).catch(() => {});
  }
}
