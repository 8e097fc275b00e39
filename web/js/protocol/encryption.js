// The end-to-end encryption of one participation wired to signaling and the peer connection: keys out and in, names and chat decrypted, the status the UI shows (docs/e2ee.md).

import { E2eeSession } from '../e2ee/e2ee_session.js';
import { MediaTransforms, e2eeSupported } from '../e2ee/media_transform.js';

/** @typedef {import('./signaling.js').SignalingClient} SignalingClient */

/**
 * What the UI shows: whether every present participant has a verified key, the safety code over
 * those keys, and who joined without encryption (so the meeting is not end-to-end encrypted).
 * @typedef {object} EncryptionStatus
 * @property {boolean} verified every participant the server lists has a verified key and media is encrypted
 * @property {string} safetyCode 5 groups of 4 digits; '' until computed
 * @property {string[]} plain ids of the others who joined without encryption or with media in clear
 * @property {boolean} mediaEncrypted the server says media is end-to-end encrypted (`media-encryption`)
 * @property {boolean} plainSelf this browser cannot encrypt media and was admitted with media in clear
 * @property {number} sendIndex our sender key index (tests and diagnostics)
 */

/**
 * Media keys go nowhere: a browser without encoded transforms still encrypts names and chat, but
 * not media (docs/e2ee.md "Participants who cannot encrypt media").
 * @type {import('../e2ee/e2ee_session.js').KeySink}
 */
const kNoMediaKeys = { setSendKey: () => {}, setReceiveKey: () => {}, removeParticipant: () => {} };

/**
 * Test switch (tests/e2e only): a page with `globalThis.vicosTestWithholdKeys = true` drops every
 * key message it receives, so it gets frames it cannot decrypt.
 * @returns {boolean}
 */
function withholdKeysForTest() {
  return /** @type {{vicosTestWithholdKeys?: boolean}} */ (globalThis).vicosTestWithholdKeys === true;
}

export class Encryption {
  /** Null when this browser cannot encrypt media (`plainMedia`). @type {MediaTransforms | null} */
  transforms;
  /** @type {E2eeSession} */
  session;
  /** @type {EncryptionStatus} */
  status = { verified: true, safetyCode: '', plain: [], mediaEncrypted: true, plainSelf: false, sendIndex: 0 };
  /** Called whenever `status` or a display name changed. */
  onChange = () => {};
  /** @type {SignalingClient | null} */
  #signaling = null;
  /** @type {Set<string>} */
  #plain = new Set();
  /** Who the server says takes part with media in clear (`media-encryption.plain`). @type {string[]} */
  #plainMedia = [];
  /** Everyone else present, to switch their receive transforms. @type {Set<string>} */
  #present = new Set();
  #self = '';

  /**
   * @param {MediaTransforms | null} transforms null: this browser cannot encrypt media
   * @param {E2eeSession} session
   */
  constructor(transforms, session) {
    this.transforms = transforms;
    this.session = session;
  }

  /** This browser cannot encrypt media: it must say so in `join.plainMedia` and wait for a moderator. */
  get plainMedia() {
    return this.transforms === null;
  }

  /**
   * Keys for this conference; null when this browser cannot take part encrypted at all (no
   * WebCrypto). Without encoded transforms names and chat are still encrypted, media is not.
   * @param {Uint8Array<ArrayBuffer>} linkSecret
   * @param {string} room
   * @param {string} name
   * @returns {Promise<Encryption | null>}
   */
  static async create(linkSecret, room, name) {
    if (typeof crypto === 'undefined' || !crypto.subtle) return null;
    const mode = e2eeSupported();
    if (mode === null) return new Encryption(null, await E2eeSession.create(linkSecret, room, name, kNoMediaKeys));
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
    signaling.on('media-encryption', ({ plain }) => this.#setPlainMedia(plain));
    // Frames under a key that just arrived can be decoded again from the next keyframe.
    if (this.transforms) this.transforms.onKeyReady = (participant) => signaling.send({ type: 'keyframe', participant });
  }

  /**
   * After `joined`.
   * @param {string} self
   * @param {import('./signaling.js').Participant[]} others
   */
  start(self, others) {
    this.#self = self;
    for (const p of others) {
      this.#present.add(p.id);
      if (!p.e2ee) this.#plain.add(p.id);
      if (this.#plainMedia.length > 0) this.transforms?.setPlain(p.id, true);
    }
    this.#run(this.session.start(self, others.map((p) => p.id)));
  }

  /** @param {import('./signaling.js').Participant} p */
  participantJoined(p) {
    this.#present.add(p.id);
    if (!p.e2ee) this.#plain.add(p.id);
    // While media is in clear, everyone sends and receives it so (the server told us first).
    if (this.#plainMedia.length > 0) this.transforms?.setPlain(p.id, true);
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
    this.#present.delete(id);
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
    this.transforms?.close();
  }

  /**
   * The server's `media-encryption`: someone a moderator admitted with media in clear is here
   * (non-empty), or the last of them left. Every uplink and downlink switches; each sender asks
   * for a keyframe of its own, so that receivers can decode from the switch on.
   * @param {string[]} plain
   */
  #setPlainMedia(plain) {
    const wasPlain = this.#plainMedia.length > 0;
    this.#plainMedia = plain;
    const isPlain = plain.length > 0;
    if (wasPlain !== isPlain && this.transforms) {
      this.transforms.setPlain(null, isPlain);
      for (const id of this.#present) this.transforms.setPlain(id, isPlain);
      if (this.#self) this.#signaling?.send({ type: 'keyframe', participant: this.#self });
    }
    this.#run(Promise.resolve([]));
  }

  /** @param {Promise<import('../e2ee/e2ee_session.js').OutgoingMessage[]>} pending */
  #run(pending) {
    pending.then(async (out) => {
      for (const message of out) this.#signaling?.send(message);
      const mediaEncrypted = this.#plainMedia.length === 0;
      const plain = new Set(this.#plain);
      for (const id of this.#plainMedia) if (id !== this.#self) plain.add(id);
      this.status = {
        verified: this.session.allVerified() && plain.size === 0 && mediaEncrypted,
        safetyCode: await this.session.safetyCode(),
        plain: [...plain],
        mediaEncrypted,
        plainSelf: this.#self !== '' && this.#plainMedia.includes(this.#self),
        sendIndex: this.session.sendIndex,
      };
      this.onChange();
    }).catch(() => {});
  }
}
