// Encryption of one encoded audio or video frame as SFrame (RFC 9605), keeping in clear only the codec bytes the packetizer and the SFU read.

import { concat } from './bytes.js';
import { KeyRing, entryFrameKey } from './key_ring.js';
import { decodeHeader, encodeHeader, kMaxHeaderLength, kTagLength, kTracks, sframeNonce, splitKid } from './sframe.js';

/** @typedef {import('./sframe.js').SframeKey} SframeKey */
/** @typedef {import('./sframe.js').KidFields} KidFields */
/** @typedef {'opus' | 'vp8'} Codec */

/*
 * An encrypted frame (docs/e2ee.md "Frames"):
 *
 *  +-------------------+---------------+------------+----------+
 *  | clear codec bytes | SFrame header | ciphertext | tag (16) |
 *  +-------------------+---------------+------------+----------+
 *
 * clear codec bytes: VP8 10 on key frames, 3 on delta frames (the frame tag, and on key frames
 * the start code and size, RFC 6386 section 9.1); Opus none. They are SFrame's metadata.
 * SFrame header: KID and counter (RFC 9605 section 4.3); the KID names sender, track and key.
 * AAD = SFrame header || clear codec bytes; nonce = salt XOR counter (RFC 9605 section 4.4.3).
 */

/** Bytes an encrypted frame is longer than the plain one, at most. */
export const kMaxOverhead = kMaxHeaderLength + kTagLength;

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
 * @param {Uint8Array} payload the plain or the encrypted frame
 * @returns {number}
 */
export function clearByteCount(codec, payload) {
  if (codec !== 'vp8' || payload.length === 0) return 0;
  // RFC 6386 9.1: bit 0 of the frame tag is 0 on key frames, which add the start code
  // (3 bytes) and width and height (4 bytes) to the 3-byte tag.
  const wanted = (payload[0] & 0x01) === 0 ? 10 : 3;
  return Math.min(wanted, payload.length);
}

/** Encrypts the frames of one track under one KID; a new key needs a new encryptor. */
export class FrameEncryptor {
  /** @type {SframeKey} */
  #key;
  #kid;
  #codec;
  /** Random high half: even two encryptors given the same key by mistake do not share nonces. */
  #high = BigInt(crypto.getRandomValues(new Uint32Array(1))[0]) << 32n;
  #low = 0;

  /**
   * @param {SframeKey} key the KID's key
   * @param {number} kid
   * @param {Codec} codec
   */
  constructor(key, kid, codec) {
    this.#key = key;
    this.#kid = BigInt(kid);
    this.#codec = codec;
  }

  /**
   * @param {Uint8Array} frame plain encoded frame
   * @returns {Promise<Uint8Array<ArrayBuffer> | null>} null when this key's counter is used up
   */
  async encrypt(frame) {
    if (this.#low > 0xffffffff) return null;
    const ctr = this.#high | BigInt(this.#low++);
    const header = encodeHeader(this.#kid, ctr);
    const clear = frame.subarray(0, clearByteCount(this.#codec, frame));
    const sealed = new Uint8Array(await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv: sframeNonce(this.#key.salt, ctr), additionalData: concat(header, clear), tagLength: 128 },
      this.#key.key, frame.slice(clear.length)));
    return concat(clear, header, sealed);
  }
}

/**
 * Whose keys a receiver holds, by the sender tag a KID carries.
 * @typedef {object} SenderDirectory
 * @property {(tag: number) => Array<{id: string, ring: KeyRing}>} sendersWithTag
 */

/** @typedef {'short' | 'malformed' | 'unknown-sender' | 'unknown-key' | 'bad-tag'} DecryptError */
/**
 * @typedef {{data: Uint8Array<ArrayBuffer>, sender: string, track: string}
 *   | {error: DecryptError, sender?: string}} DecryptResult `sender` with an error: the one
 *   participant the KID names, whose key is missing
 */

/**
 * Decrypts a frame from whichever sender its KID names. Any failure gives an error, never an
 * exception, and changes nothing; a ratchet candidate is committed only after its tag verified.
 * @param {Uint8Array} frame encrypted frame
 * @param {Codec} codec of the receiving track
 * @param {SenderDirectory} senders
 * @returns {Promise<DecryptResult>}
 */
export async function decryptFrame(frame, codec, senders) {
  const clear = clearByteCount(codec, frame);
  const header = decodeHeader(frame.subarray(clear));
  if (!header || frame.length < clear + header.length + kTagLength) return { error: 'short' };
  const kid = splitKid(header.kid);
  if (!kid || codecForLabel(kTracks[kid.track]) !== codec) return { error: 'malformed' };
  const candidates = senders.sendersWithTag(kid.sender);
  if (candidates.length === 0) return { error: 'unknown-sender' };
  const headerBytes = frame.subarray(clear, clear + header.length);
  const additionalData = concat(headerBytes, frame.subarray(0, clear));
  const sealed = frame.slice(clear + header.length);
  /** @type {DecryptResult} */
  let failure = candidates.length === 1 ? { error: 'unknown-key', sender: candidates[0].id } : { error: 'unknown-key' };
  // Two senders share a tag only by a 1 in 2^32 chance; then the tag check tells them apart.
  for (const { id, ring } of candidates) {
    const entry = await ring.findByByte(kid.indexByte);
    if (!entry) continue;
    const key = await entryFrameKey(entry, Number(header.kid));
    try {
      const plain = new Uint8Array(await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: sframeNonce(key.salt, header.ctr), additionalData, tagLength: 128 }, key.key, sealed));
      ring.commit(entry);
      return { data: concat(frame.subarray(0, clear), plain), sender: id, track: kTracks[kid.track] };
    } catch {
      failure = { error: 'bad-tag' };
    }
  }
  return failure;
}
