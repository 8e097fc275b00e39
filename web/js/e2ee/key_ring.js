// The sender secrets known for one sender, by key index: refuses roll-backs and follows the sender's ratchet on demand.

import { importHkdfKey, ratchetSecret, deriveChatKey, deriveFrameBaseKey } from './key_schedule.js';
import { deriveSframeKey } from './sframe.js';

/** @typedef {import('./sframe.js').SframeKey} SframeKey */

/**
 * @typedef {object} RingEntry
 * @property {number} index key index, 0 … 2^32 − 1
 * @property {CryptoKey} secret HKDF key of the sender secret
 * @property {boolean} fromMessage installed from a key message (true) or reached by ratcheting
 * @property {Promise<CryptoKey> | null} baseKey SFrame base key, derived once
 * @property {Map<number, Promise<SframeKey>>} frameKeys by KID, derived once
 * @property {Promise<CryptoKey> | null} chatKey derived once
 */

/** Keys kept per sender: the newest and a few before it, for frames still in flight. */
export const kKeepKeys = 4;
/** How many ratchet steps past the newest key a receiver follows without a key message. */
export const kRatchetWindow = 8;

/**
 * @param {number} index
 * @param {CryptoKey} secret
 * @param {boolean} fromMessage
 * @returns {RingEntry}
 */
function makeEntry(index, secret, fromMessage) {
  return { index, secret, fromMessage, baseKey: null, frameKeys: new Map(), chatKey: null };
}

/**
 * @param {RingEntry} entry
 * @param {number} kid a KID whose key index byte is the entry's (sframe.js)
 * @returns {Promise<SframeKey>}
 */
export function entryFrameKey(entry, kid) {
  let key = entry.frameKeys.get(kid);
  if (!key) {
    entry.baseKey ??= deriveFrameBaseKey(entry.secret);
    key = entry.baseKey.then((base) => deriveSframeKey(base, BigInt(kid)));
    entry.frameKeys.set(kid, key);
  }
  return key;
}

/**
 * @param {RingEntry} entry
 * @returns {Promise<CryptoKey>}
 */
export function entryChatKey(entry) {
  entry.chatKey ??= deriveChatKey(entry.secret);
  return entry.chatKey;
}

export class KeyRing {
  /** @type {Map<number, RingEntry>} */
  #entries = new Map();
  /** Ratchet candidates past the newest entry, derived lazily. @type {Map<number, Promise<RingEntry>>} */
  #candidates = new Map();
  #latest = -1;

  /** The newest key index, −1 before any. */
  get latest() {
    return this.#latest;
  }

  /**
   * Installs a sender secret from a key message. A replayed or reordered message never rolls the
   * key back: an index below the newest is refused, and so is the newest again unless that one
   * was only reached by ratcheting.
   * @param {number} index
   * @param {CryptoKey} secret HKDF key
   * @returns {boolean} whether it was installed
   */
  set(index, secret) {
    if (!Number.isInteger(index) || index < 0 || index > 0xffffffff) return false;
    if (index < this.#latest) return false;
    if (index === this.#latest && this.#entries.get(index)?.fromMessage) return false;
    this.#install(makeEntry(index, secret, true));
    return true;
  }

  /**
   * The entry for a full key index (chat), or a ratchet candidate within the window.
   * Candidates must be `commit`ted once something decrypted under them.
   * @param {number} index
   * @returns {Promise<RingEntry | null>}
   */
  async find(index) {
    const entry = this.#entries.get(index);
    if (entry) return entry;
    if (this.#latest < 0 || index <= this.#latest || index > this.#latest + kRatchetWindow) return null;
    return this.#candidate(index);
  }

  /**
   * The entry whose index ends in this byte (frames carry only the low 8 bits), newest first,
   * else a ratchet candidate within the window.
   * @param {number} indexByte
   * @returns {Promise<RingEntry | null>}
   */
  async findByByte(indexByte) {
    for (const entry of [...this.#entries.values()].reverse()) {
      if ((entry.index & 0xff) === indexByte) return entry;
    }
    if (this.#latest < 0) return null;
    for (let step = 1; step <= kRatchetWindow; step++) {
      if (((this.#latest + step) & 0xff) === indexByte) return this.#candidate(this.#latest + step);
    }
    return null;
  }

  /**
   * Makes a candidate that decrypted something the newest key. The sender really ratcheted: only
   * the holder of the previous secret can have made a frame that authenticates under it.
   * @param {RingEntry} entry
   */
  commit(entry) {
    if (this.#entries.has(entry.index) || entry.index <= this.#latest) return;
    this.#install(entry);
  }

  /** @param {RingEntry} entry */
  #install(entry) {
    this.#entries.delete(entry.index);
    this.#entries.set(entry.index, entry);
    this.#latest = entry.index;
    this.#candidates.clear();
    // Map iteration follows insertion order, so the first keys are the oldest.
    for (const index of this.#entries.keys()) {
      if (this.#entries.size <= kKeepKeys) break;
      this.#entries.delete(index);
    }
  }

  /**
   * @param {number} index > latest
   * @returns {Promise<RingEntry>}
   */
  #candidate(index) {
    const existing = this.#candidates.get(index);
    if (existing) return existing;
    const before = index - 1 === this.#latest
      ? Promise.resolve(/** @type {RingEntry} */ (this.#entries.get(this.#latest)))
      : this.#candidate(index - 1);
    const next = before.then(async (previous) =>
      makeEntry(index, await importHkdfKey(await ratchetSecret(previous.secret)), false));
    this.#candidates.set(index, next);
    return next;
  }
}
