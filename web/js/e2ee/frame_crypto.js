// Encryption of one encoded audio or video frame with AES-GCM, keeping in clear only the codec bytes the packetizer and the SFU read.

import { KeyRing, entryFrameKey } from './key_ring.js';

/** @typedef {import('./key_schedule.js').FrameKey} FrameKey */
/** @typedef {'opus' | 'vp8'} Codec */

/*
 * An encrypted frame (docs/e2ee.md "Frames"):
 *
 *  +-------------------+----------------------+----------+-------------+-----------+
 *  | clear codec bytes | ciphertext           | tag (16) | counter (8) | index (1) |
 *  +-------------------+----------------------+----------+-------------+-----------+
 *
 * clear codec bytes: VP8 10 on key frames, 3 on delta frames (the frame tag, and on key frames
 * the start code and size, RFC 6386 section 9.1); Opus none.
 * counter: big-endian, never repeats for one key; IV = ivSalt XOR (4 zero bytes || counter).
 * index: low 8 bits of the sender's key index.
 * AAD = clear codec bytes || counter || index.
 */

export const kTagLength = 16;
export const kCounterLength = 8;
/** Bytes an encrypted frame is longer than the plain one. */
export const kTrailerLength = kTagLength + kCounterLength + 1;

/**
 * The codec of a track: the protocol has only Opus for audio and VP8 for video and screens
 * (docs/protocol.md "Media model").
 * @param {string} label 'audio', 'video' or 'screen'
 * @returns {Codec}
 */
export function codecForLabel(label) {
  return label === 'audio' ? 'opus' : 'vp8';
}

/**
 * How many leading bytes stay in clear. Computed from the first byte, which is itself in clear,
 * so the receiver finds the same number; a forged first byte changes the AAD and fails the tag.
 * @param {Codec} codec
 * @param {Uint8Array} payload the plain frame, or the encrypted frame without its trailer
 * @returns {number}
 */
export function clearByteCount(codec, payload) {
  if (codec !== 'vp8' || payload.length === 0) return 0;
  // RFC 6386 9.1: bit 0 of the frame tag is 0 on key frames, which add the start code
  // (3 bytes) and width and height (4 bytes) to the 3-byte tag.
  const wanted = (payload[0] & 0x01) === 0 ? 10 : 3;
  return Math.min(wanted, payload.length);
}

/**
 * @param {Uint8Array} ivSalt 12 bytes
 * @param {Uint8Array} counter 8 bytes
 * @returns {Uint8Array<ArrayBuffer>}
 */
function frameIv(ivSalt, counter) {
  const iv = new Uint8Array(12);
  iv.set(ivSalt);
  for (let i = 0; i < kCounterLength; i++) iv[4 + i] ^= counter[i];
  return iv;
}

/** Encrypts the frames of one track under one key; a new key needs a new encryptor. */
export class FrameEncryptor {
  /** @type {FrameKey} */
  #key;
  #index;
  #codec;
  /** Random high half: even two encryptors given the same key by mistake do not share IVs. */
  #high = crypto.getRandomValues(new Uint32Array(1))[0];
  #low = 0;

  /**
   * @param {FrameKey} key
   * @param {number} index the sender's key index
   * @param {Codec} codec
   */
  constructor(key, index, codec) {
    this.#key = key;
    this.#index = index;
    this.#codec = codec;
  }

  get index() {
    return this.#index;
  }

  /**
   * @param {Uint8Array} frame plain encoded frame
   * @returns {Promise<Uint8Array<ArrayBuffer> | null>} null when this key's counter is used up
   */
  async encrypt(frame) {
    if (this.#low > 0xffffffff) return null;
    const trailer = new Uint8Array(kCounterLength + 1);
    const view = new DataView(trailer.buffer);
    view.setUint32(0, this.#high);
    view.setUint32(4, this.#low++);
    trailer[kCounterLength] = this.#index & 0xff;
    const clear = clearByteCount(this.#codec, frame);
    const aad = new Uint8Array(clear + trailer.length);
    aad.set(frame.subarray(0, clear));
    aad.set(trailer, clear);
    const sealed = new Uint8Array(await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv: frameIv(this.#key.ivSalt, trailer), additionalData: aad, tagLength: 128 },
      this.#key.key, frame.slice(clear)));
    const out = new Uint8Array(clear + sealed.length + trailer.length);
    out.set(frame.subarray(0, clear));
    out.set(sealed, clear);
    out.set(trailer, clear + sealed.length);
    return out;
  }
}

/** @typedef {'short' | 'unknown-key' | 'bad-tag'} DecryptError */

/**
 * Decrypts a frame from one sender. Any failure gives an error, never an exception, and changes
 * nothing; a ratchet candidate is committed only after its tag verified.
 * @param {Uint8Array} frame encrypted frame
 * @param {string} label track label of the sender ('audio', 'video', 'screen')
 * @param {KeyRing} ring the sender's keys
 * @returns {Promise<{data: Uint8Array<ArrayBuffer>} | {error: DecryptError}>}
 */
export async function decryptFrame(frame, label, ring) {
  if (frame.length < kTrailerLength) return { error: 'short' };
  const payloadEnd = frame.length - kCounterLength - 1;
  const trailer = frame.subarray(payloadEnd);
  const entry = await ring.findByByte(trailer[kCounterLength]);
  if (!entry) return { error: 'unknown-key' };
  const payload = frame.subarray(0, payloadEnd - kTagLength);
  const clear = clearByteCount(codecForLabel(label), payload);
  const aad = new Uint8Array(clear + trailer.length);
  aad.set(frame.subarray(0, clear));
  aad.set(trailer, clear);
  const key = await entryFrameKey(entry, label);
  let plain;
  try {
    plain = new Uint8Array(await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: frameIv(key.ivSalt, trailer), additionalData: aad, tagLength: 128 },
      key.key, frame.slice(clear, payloadEnd)));
  } catch {
    return { error: 'bad-tag' };
  }
  ring.commit(entry);
  const out = new Uint8Array(clear + plain.length);
  out.set(frame.subarray(0, clear));
  out.set(plain, clear);
  return { data: out };
}
