// The end-to-end encryption of one participation wired to signaling and the peer connection: keys out and in, names and chat decrypted, the status the UI shows (docs/e2ee.md).

import { E2eeSession } from '../e2ee/e2ee_session.js';
import { MediaTransforms, e2eeSupported } from '../e2ee/media_transform.js';

/** @typedef {import('./signaling.js').SignalingClient} SignalingClient */

/**
 * What the UI shows: whether every present participant has a verified key, the safety code over
 * those keys, and who joined without encryption (so the meeting is not end-to-end encrypted).
 * Nothing here comes from the server's word alone: media in clear only by a moderator's decision
 * this client verified end-to-end (docs/e2ee.md "Participants who cannot encrypt media").
 * @typedef {object} EncryptionStatus
 * @property {boolean} verified every participant the server lists has a verified key and media is encrypted
 * @property {string} safetyCode 5 groups of 4 digits; '' until computed
 * @property {string[]} plain ids of the others who joined without encryption or with media in clear
 * @property {boolean} mediaEncrypted our media is end-to-end encrypted (no verified decision
 *   for media in clear)
 * @property {string[]} admittedBy names of the moderators whose verified decisions put media in clear
 * @property {string[]} undecided ids of others who cannot encrypt media but whom no verified decision let in:
 *   their media is not played
 * @property {boolean} plainSelf this browser cannot encrypt media (a moderator let it in with media in clear)
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
  status = { verified: true, safetyCode: '', plain: [], mediaEncrypted: true, admittedBy: [], undecided: [],
    plainSelf: false, sendIndex: 0 };
  /** Called whenever `status` or a display name changed. */
  onChange = () => {};
  /**
   * The role the server gives a participant (ourselves included), for decisions about media in clear.
   * @type {(id: string) => import('./signaling.js').Role | undefined}
   */
  roleOf = () => undefined;
  /** @type {SignalingClient | null} */
  #signaling = null;
  /** Others who joined with a plain name. @type {Set<string>} */
  #plain = new Set();
  /** Whose frames the transforms pass in clear now (null: our own). @type {Set<string | null>} */
  #clear = new Set();
  #self = '';
  #selfName;
  /** Everything started so far has been sent (tests). @type {Promise<void>} */
  #idle = Promise.resolve();

  /**
   * @param {MediaTransforms | null} transforms null: this browser cannot encrypt media
   * @param {E2eeSession} session
   * @param {string} [selfName] our own name, shown when we decided about media in clear
   */
  constructor(transforms, session, selfName = '') {
    this.transforms = transforms;
    this.session = session;
    this.#selfName = selfName;
    session.isModerator = (id) => this.roleOf(id) === 'moderator';
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
    if (mode === null) {
      const session = await E2eeSession.create(linkSecret, room, name, kNoMediaKeys, { plainMedia: true });
      return new Encryption(null, session, name);
    }
    const transforms = new MediaTransforms(mode);
    try {
      return new Encryption(transforms, await E2eeSession.create(linkSecret, room, name, transforms), name);
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
    // The server's `media-encryption` is not listened to: it could claim anything (issue 12).
    signaling.on('e2ee-plain-media', (m) => this.#run(this.session.handlePlainMedia(m)));
    // Frames under a key that just arrived can be decoded again from the next keyframe.
    if (this.transforms) this.transforms.onKeyReady = (participant) => signaling.send({ type: 'keyframe', participant });
  }

  /**
   * After `joined`.
   * @param {string} self
   * @param {import('./signaling.js').Participant[]} others
   * @param {string} instance the meeting instance `joined` names
   */
  start(self, others, instance) {
    this.#self = self;
    for (const p of others) if (!p.e2ee) this.#plain.add(p.id);
    this.#run(this.session.start(self, others.map((p) => p.id), instance));
  }

  /** @param {import('./signaling.js').Participant} p */
  participantJoined(p) {
    if (!p.e2ee) this.#plain.add(p.id);
    this.#run(this.session.participantJoined(p.id));
  }

  /**
   * As a moderator we admitted someone who cannot encrypt media: our end-to-end decision follows
   * once they have joined and proved their key.
   * @param {string} id
   * @param {string} encryptedName the name they knocked with, as the `lobby` list gave it
   */
  admitPlain(id, encryptedName) {
    this.#run(this.session.admitPlain(id, encryptedName));
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

  /**
   * Breakout rooms opened, closed or someone moved: our media key follows (docs/e2ee.md).
   * @param {Map<string, number> | null} places each participant's breakout room, null while closed
   */
  setScope(places) {
    this.#run(this.session.setScope(places));
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
    this.transforms?.close();
  }

  /** Resolves once everything started so far has been handled and sent (tests). */
  whenIdle() {
    return this.#idle;
  }

  /**
   * Media follows the decisions this client verified, nothing else: with a moderator's decision
   * for someone present who cannot encrypt, our own frames go out in clear (so that they can
   * decode them) and frames in clear are accepted from confirmed participants only (an
   * authenticated frame is always preferred); without one, every frame is encrypted and every
   * frame in clear dropped. On each switch we ask for a keyframe of our own, so that receivers
   * decode from the switch on.
   * @param {Map<string, unknown>} admitted
   */
  #applyMedia(admitted) {
    const transforms = this.transforms;
    if (!transforms) return;
    /** @type {Set<string | null>} */
    const clear = new Set(admitted.size > 0 ? [null, ...this.session.confirmed()] : []);
    for (const id of this.#clear) if (!clear.has(id)) transforms.setPlain(id, false);
    for (const id of clear) if (!this.#clear.has(id)) transforms.setPlain(id, true);
    const switched = clear.has(null) !== this.#clear.has(null);
    this.#clear = clear;
    if (switched && this.#self) this.#signaling?.send({ type: 'keyframe', participant: this.#self });
  }

  /** @param {Promise<import('../e2ee/e2ee_session.js').OutgoingMessage[]>} pending */
  #run(pending) {
    const done = pending.then(async (out) => {
      for (const message of out) this.#signaling?.send(message);
      const admitted = this.session.plainMediaAdmitted();
      this.#applyMedia(admitted);
      const plain = new Set([...this.#plain, ...admitted.keys()]);
      const plainSelf = this.plainMedia && this.#self !== '';
      const mediaEncrypted = admitted.size === 0 && !plainSelf;
      const deciders = [...admitted.values()];
      const admittedBy = new Set(deciders.map((d) => (d.by === this.#self ? this.#selfName : d.name ?? '?')));
      this.status = {
        verified: this.session.allVerified() && plain.size === 0 && mediaEncrypted,
        safetyCode: await this.session.safetyCode(),
        plain: [...plain],
        mediaEncrypted,
        admittedBy: [...admittedBy],
        undecided: this.session.undecidedPlain(),
        plainSelf,
        sendIndex: this.session.sendIndex,
      };
      this.onChange();
    }).catch(() => {});
    this.#idle = Promise.all([this.#idle, done]).then(() => {});
  }
}
