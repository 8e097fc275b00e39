// The media keys of one participant's page and the per-frame work of the encoded transforms: encrypt own frames, decrypt everyone else's, count drops.

import { deriveFrameBaseKey } from './key_schedule.js';
import { KeyRing } from './key_ring.js';
import { FrameEncryptor, codecForLabel, decryptFrame } from './frame_crypto.js';
import { deriveSframeKey, kTracks, makeKid } from './sframe.js';

/**
 * Frames handled and dropped, by reason. Drops are counted, never thrown.
 * @typedef {object} MediaStats
 * @property {number} encrypted
 * @property {number} decrypted
 * @property {number} sentPlain own frames sent in clear (only after a verified decision about
 *   media in clear)
 * @property {number} receivedPlain received frames passed on in clear (likewise, and only from
 *   confirmed participants)
 * @property {number} noSendKey own frames dropped because no key was set yet (never sent in clear)
 * @property {number} exhausted own frames dropped because the key's counter was used up
 * @property {number} short received frames too short to hold an SFrame header and tag
 * @property {number} malformed received frames whose KID is not of our layout or names a track
 *   of another media kind
 * @property {number} unknownSender received frames whose KID names no sender we hold keys of
 * @property {number} unknownKey received frames under a key index we do not have
 * @property {number} badTag received frames that did not authenticate
 * @property {number} wrongSender received frames that authenticated as someone other than the
 *   participant the receiver carries (the server mixed up streams)
 * @property {Record<string, number>} heardFrom frames decrypted on receivers that carry whoever
 *   the server chooses (audio slots), by sender
 */

/** @returns {MediaStats} */
function emptyStats() {
  return { encrypted: 0, decrypted: 0, sentPlain: 0, receivedPlain: 0, noSendKey: 0, exhausted: 0, short: 0,
    malformed: 0, unknownSender: 0, unknownKey: 0, badTag: 0, wrongSender: 0, heardFrom: {} };
}

/** @type {Record<import('./frame_crypto.js').DecryptError, 'short' | 'malformed' | 'unknownSender' | 'unknownKey' | 'badTag'>} */
const kErrorStat = { 'short': 'short', 'malformed': 'malformed', 'unknown-sender': 'unknownSender',
  'unknown-key': 'unknownKey', 'bad-tag': 'badTag' };

export class MediaCryptor {
  /** @type {{index: number, secret: CryptoKey, tag: number} | null} */
  #sendKey = null;
  /** One encryptor per track label for the current send key. @type {Map<string, Promise<FrameEncryptor>>} */
  #encryptors = new Map();
  /** @type {Map<string, KeyRing>} */
  #rings = new Map();
  /** Each sender's tag (sframe.js `senderTag`) and the senders of each tag. */
  /** @type {Map<string, number>} */
  #tags = new Map();
  /** @type {Map<number, Set<string>>} */
  #byTag = new Map();
  /**
   * Participants whose frames may pass in clear: the page sets it only while a moderator's
   * verified decision has media in clear, and only for confirmed participants. @type {Set<string>}
   */
  #plainSenders = new Set();
  #sendPlain = false;
  /** @type {MediaStats} */
  stats = emptyStats();
  /**
   * Called for each frame from a participant dropped for want of its key (the worker throttles
   * it), so that the page can ask for a keyframe once the key arrives.
   * @type {(participant: string) => void}
   */
  onMissingKey = () => {};

  /**
   * Own sender secret; frames encrypted from now on use it.
   * @param {number} index
   * @param {CryptoKey} secret HKDF key
   * @param {number} tag own sender tag
   */
  setSendKey(index, secret, tag) {
    this.#sendKey = { index, secret, tag };
    this.#encryptors.clear();
  }

  /**
   * Another participant's sender secret, from a key message. Refused if it would roll back.
   * @param {string} participant
   * @param {number} index
   * @param {CryptoKey} secret HKDF key
   * @param {number} tag the participant's sender tag, from its verified announcement
   * @returns {boolean}
   */
  setReceiveKey(participant, index, secret, tag) {
    let ring = this.#rings.get(participant);
    if (!ring) {
      ring = new KeyRing();
      this.#rings.set(participant, ring);
    }
    this.#setTag(participant, tag);
    return ring.set(index, secret);
  }

  /**
   * Forgets a participant who left.
   * @param {string} participant
   */
  removeParticipant(participant) {
    this.#rings.delete(participant);
    delete this.stats.heardFrom[participant];
    this.#plainSenders.delete(participant);
    this.#setTag(participant, null);
  }

  /**
   * Lets one participant's frames through unencrypted, or sends our own so (`participant` null),
   * after a verified decision of a moderator to admit someone who cannot take part encrypted.
   * @param {string | null} participant
   * @param {boolean} plain
   */
  setPlain(participant, plain) {
    if (participant === null) this.#sendPlain = plain;
    else if (plain) this.#plainSenders.add(participant);
    else this.#plainSenders.delete(participant);
  }

  /**
   * The senders whose KID carries this tag (frame_crypto.js `SenderDirectory`).
   * @param {number} tag
   * @returns {Array<{id: string, ring: KeyRing}>}
   */
  sendersWithTag(tag) {
    const out = [];
    for (const id of this.#byTag.get(tag) ?? []) {
      const ring = this.#rings.get(id);
      if (ring) out.push({ id, ring });
    }
    return out;
  }

  /**
   * @param {string} label 'audio', 'video' or 'screen'
   * @param {Uint8Array<ArrayBuffer>} frame
   * @returns {Promise<Uint8Array<ArrayBuffer> | null>} null: drop the frame
   */
  async encrypt(label, frame) {
    if (this.#sendPlain) {
      this.stats.sentPlain++;
      return frame;
    }
    const sendKey = this.#sendKey;
    if (!sendKey) {
      this.stats.noSendKey++;
      return null;
    }
    if (frame.length === 0) return frame;
    let encryptor = this.#encryptors.get(label);
    if (!encryptor) {
      const kid = makeKid({ sender: sendKey.tag, track: kTracks.indexOf(label), indexByte: sendKey.index & 0xff });
      encryptor = deriveFrameBaseKey(sendKey.secret)
        .then((base) => deriveSframeKey(base, BigInt(kid)))
        .then((key) => new FrameEncryptor(key, kid, codecForLabel(label)));
      this.#encryptors.set(label, encryptor);
    }
    const out = await (await encryptor).encrypt(frame);
    if (out) this.stats.encrypted++;
    else this.stats.exhausted++;
    return out;
  }

  /**
   * Decrypts a frame for a receiver. The frame's KID says whose it is: a receiver that carries
   * one participant's track drops a frame that authenticates as anyone else; an audio slot
   * (`participant` null) carries whoever the server chose, and the frame names them.
   * @param {string | null} participant whom the receiver carries, as the server said; null: anyone
   * @param {string} label the receiver's track label ('audio', 'video' or 'screen')
   * @param {Uint8Array<ArrayBuffer>} frame
   * @returns {Promise<{data: Uint8Array<ArrayBuffer>, sender: string | null} | null>} null: drop
   *   the frame; `sender` null for a frame passed in clear on an audio slot
   */
  async decrypt(participant, label, frame) {
    if (frame.length === 0) return { data: frame, sender: participant };
    const result = await decryptFrame(frame, codecForLabel(label), this);
    if ('data' in result) {
      if (participant === null) {
        this.stats.heardFrom[result.sender] = (this.stats.heardFrom[result.sender] ?? 0) + 1;
      } else if (result.sender !== participant) {
        this.stats.wrongSender++;
        return null;
      }
      this.stats.decrypted++;
      return { data: result.data, sender: result.sender };
    }
    // A frame that authenticates wins; one in clear passes only from whom the page allowed (on an
    // audio slot, while anyone is allowed: a frame in clear names nobody, docs/e2ee.md).
    if (participant === null ? this.#plainSenders.size > 0 : this.#plainSenders.has(participant)) {
      this.stats.receivedPlain++;
      return { data: frame, sender: null };
    }
    this.stats[kErrorStat[result.error]]++;
    const missing = result.sender ?? participant;
    if ((result.error === 'unknown-key' || result.error === 'unknown-sender') && missing !== null) this.onMissingKey(missing);
    return null;
  }

  /**
   * @param {string} participant
   * @param {number | null} tag null: forget
   */
  #setTag(participant, tag) {
    const old = this.#tags.get(participant);
    if (old === tag) return;
    if (old !== undefined) {
      const set = this.#byTag.get(old);
      set?.delete(participant);
      if (set?.size === 0) this.#byTag.delete(old);
    }
    if (tag === null) {
      this.#tags.delete(participant);
      return;
    }
    this.#tags.set(participant, tag);
    let set = this.#byTag.get(tag);
    if (!set) {
      set = new Set();
      this.#byTag.set(tag, set);
    }
    set.add(participant);
  }
}
