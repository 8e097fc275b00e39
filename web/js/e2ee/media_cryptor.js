// The media keys of one participant's page and the per-frame work of the encoded transforms: encrypt own frames, decrypt everyone else's, count drops.

import { deriveFrameKey } from './key_schedule.js';
import { KeyRing } from './key_ring.js';
import { FrameEncryptor, codecForLabel, decryptFrame } from './frame_crypto.js';

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
 * @property {number} short received frames too short to hold a trailer
 * @property {number} unknownKey received frames under a key index we do not have
 * @property {number} badTag received frames that did not authenticate
 */

/** @returns {MediaStats} */
function emptyStats() {
  return { encrypted: 0, decrypted: 0, sentPlain: 0, receivedPlain: 0, noSendKey: 0, exhausted: 0, short: 0,
    unknownKey: 0, badTag: 0 };
}

export class MediaCryptor {
  /** @type {{index: number, secret: CryptoKey} | null} */
  #sendKey = null;
  /** One encryptor per track label for the current send key. @type {Map<string, Promise<FrameEncryptor>>} */
  #encryptors = new Map();
  /** @type {Map<string, KeyRing>} */
  #rings = new Map();
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
   */
  setSendKey(index, secret) {
    this.#sendKey = { index, secret };
    this.#encryptors.clear();
  }

  /**
   * Another participant's sender secret, from a key message. Refused if it would roll back.
   * @param {string} participant
   * @param {number} index
   * @param {CryptoKey} secret HKDF key
   * @returns {boolean}
   */
  setReceiveKey(participant, index, secret) {
    let ring = this.#rings.get(participant);
    if (!ring) {
      ring = new KeyRing();
      this.#rings.set(participant, ring);
    }
    return ring.set(index, secret);
  }

  /**
   * Forgets a participant who left.
   * @param {string} participant
   */
  removeParticipant(participant) {
    this.#rings.delete(participant);
    this.#plainSenders.delete(participant);
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
      encryptor = deriveFrameKey(sendKey.secret, label)
        .then((key) => new FrameEncryptor(key, sendKey.index, codecForLabel(label)));
      this.#encryptors.set(label, encryptor);
    }
    const out = await (await encryptor).encrypt(frame);
    if (out) this.stats.encrypted++;
    else this.stats.exhausted++;
    return out;
  }

  /**
   * @param {string} participant the sender
   * @param {string} label 'audio', 'video' or 'screen'
   * @param {Uint8Array<ArrayBuffer>} frame
   * @returns {Promise<Uint8Array<ArrayBuffer> | null>} null: drop the frame
   */
  async decrypt(participant, label, frame) {
    if (frame.length === 0) return frame;
    const ring = this.#rings.get(participant) ?? new KeyRing();
    const result = await decryptFrame(frame, label, ring);
    if ('data' in result) {
      this.stats.decrypted++;
      return result.data;
    }
    // A frame that authenticates wins; one in clear passes only from whom the page allowed.
    if (this.#plainSenders.has(participant)) {
      this.stats.receivedPlain++;
      return frame;
    }
    if (result.error === 'short') this.stats.short++;
    else if (result.error === 'bad-tag') this.stats.badTag++;
    else {
      this.stats.unknownKey++;
      this.onMissingKey(participant);
    }
    return null;
  }
}
