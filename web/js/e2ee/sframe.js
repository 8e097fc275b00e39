// SFrame (RFC 9605) as the frame format uses it: the header, the key and salt of a KID for AES_256_GCM_SHA512_128, the nonce, and vicos's layout of the KID.

import { concat, fields, utf8 } from './bytes.js';

/** @typedef {import('./bytes.js').Bytes} Bytes */

/** The cipher suite, RFC 9605 section 4.5: AES-256-GCM, HKDF-SHA-512, 16-byte tag. */
export const kCipherSuite = 0x0005;
export const kTagLength = 16;
const kNonceLength = 12;
/** An SFrame header is at most 17 bytes: the config byte and 8 each for KID and CTR. */
export const kMaxHeaderLength = 17;

/**
 * The track a KID names (docs/e2ee.md "Frames"): each has its own key, so two tracks of one
 * sender never share a key and a counter.
 */
export const kTracks = Object.freeze(['audio', 'video', 'screen']);

/**
 * @typedef {object} KidFields
 * @property {number} sender the sender tag: 32 bits from the sender's announced public key
 * @property {number} track index into kTracks
 * @property {number} indexByte the low 8 bits of the sender's key index
 */

/**
 * KID = sender tag (32 bits) ‖ track (8 bits) ‖ key index byte (8 bits): 48 bits, so that it is
 * an exact JavaScript number.
 * @param {KidFields} kid
 * @returns {number}
 */
export function makeKid({ sender, track, indexByte }) {
  return sender * 0x10000 + track * 0x100 + indexByte;
}

/**
 * @param {bigint} kid from a header
 * @returns {KidFields | null} null for a KID outside vicos's layout
 */
export function splitKid(kid) {
  if (kid >= 1n << 48n) return null;
  const n = Number(kid);
  const track = Math.floor(n / 0x100) % 0x100;
  if (track >= kTracks.length) return null;
  return { sender: Math.floor(n / 0x10000), track, indexByte: n % 0x100 };
}

/**
 * The sender tag: the first 32 bits of SHA-256(fields("sframe-sender", public key)). Anyone can
 * compute it from an announcement, and the announcement's MAC binds the key to a participant, so
 * a receiver learns whose frame it holds from the frame itself, not from the server.
 * @param {Uint8Array<ArrayBuffer>} publicRaw the uncompressed P-256 public key of the announcement
 * @returns {Promise<number>}
 */
export async function senderTag(publicRaw) {
  const digest = await crypto.subtle.digest('SHA-256', fields('sframe-sender', publicRaw));
  return new DataView(digest).getUint32(0);
}

/**
 * Bytes of a value in big-endian order, without leading zero bytes (at least one).
 * @param {bigint} value < 2^64
 * @returns {number[]}
 */
function minimalBytes(value) {
  const out = [];
  do {
    out.unshift(Number(value & 0xffn));
    value >>= 8n;
  } while (value > 0n);
  return out;
}

/**
 * The SFrame header (RFC 9605 section 4.3): config byte |X|K K K|Y|C C C|, then the KID and
 * the counter in big-endian order. Values below 8 sit in the config byte itself (X or Y = 0);
 * larger ones follow in as few bytes as hold them, K or C giving their length minus one.
 * @param {bigint} kid < 2^64
 * @param {bigint} ctr < 2^64
 * @returns {Uint8Array<ArrayBuffer>}
 */
export function encodeHeader(kid, ctr) {
  const kidBytes = kid < 8n ? [] : minimalBytes(kid);
  const ctrBytes = ctr < 8n ? [] : minimalBytes(ctr);
  const config = (kidBytes.length === 0 ? Number(kid) << 4 : 0x80 | (kidBytes.length - 1) << 4)
    | (ctrBytes.length === 0 ? Number(ctr) : 0x08 | (ctrBytes.length - 1));
  return new Uint8Array([config, ...kidBytes, ...ctrBytes]);
}

/**
 * @typedef {object} Header
 * @property {bigint} kid
 * @property {bigint} ctr
 * @property {number} length bytes the header takes
 */

/**
 * Reads a header at the start of `bytes`.
 * @param {Uint8Array} bytes
 * @returns {Header | null} null when the bytes end inside the header
 */
export function decodeHeader(bytes) {
  if (bytes.length === 0) return null;
  const config = bytes[0];
  let offset = 1;
  /**
   * @param {boolean} extended
   * @param {number} field
   * @returns {bigint | null}
   */
  const read = (extended, field) => {
    if (!extended) return BigInt(field);
    const length = field + 1;
    if (offset + length > bytes.length) return null;
    let value = 0n;
    for (let i = 0; i < length; i++) value = (value << 8n) | BigInt(bytes[offset + i]);
    offset += length;
    return value;
  };
  const kid = read((config & 0x80) !== 0, (config >> 4) & 0x07);
  if (kid === null) return null;
  const ctr = read((config & 0x08) !== 0, config & 0x07);
  if (ctr === null) return null;
  return { kid, ctr, length: offset };
}

/**
 * @param {bigint} value
 * @param {number} length
 * @returns {Uint8Array<ArrayBuffer>}
 */
function bigEndian(value, length) {
  const out = new Uint8Array(length);
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(value & 0xffn);
    value >>= 8n;
  }
  return out;
}

/**
 * One KID's key and salt.
 * @typedef {object} SframeKey
 * @property {CryptoKey} key AES-256-GCM, not extractable
 * @property {Bytes} salt 12 bytes
 */

/**
 * RFC 9605 section 4.4.2: sframe_secret = HKDF-Extract("", base_key); key and salt are
 * HKDF-Expand of it under "SFrame 1.0 Secret key " / "… salt " ‖ KID (8 bytes) ‖ cipher suite
 * (2 bytes). WebCrypto's HKDF is Extract then Expand, and an empty salt is HashLen zero bytes
 * (RFC 5869 section 2.2), as the RFC's "" is.
 * @param {CryptoKey} baseKey HKDF key of the base key
 * @param {bigint} kid
 * @returns {Promise<SframeKey>}
 */
export async function deriveSframeKey(baseKey, kid) {
  const suffix = concat(bigEndian(kid, 8), bigEndian(BigInt(kCipherSuite), 2));
  /** @param {string} label */
  const params = (label) => ({ name: 'HKDF', hash: 'SHA-512', salt: new Uint8Array(0), info: concat(utf8(label), suffix) });
  const key = await crypto.subtle.deriveKey(params('SFrame 1.0 Secret key '), baseKey,
    { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  const salt = new Uint8Array(await crypto.subtle.deriveBits(params('SFrame 1.0 Secret salt '), baseKey, kNonceLength * 8));
  return { key, salt };
}

/**
 * The nonce of a frame: the salt XOR the counter, big-endian in 12 bytes (RFC 9605 4.4.3).
 * @param {Bytes} salt
 * @param {bigint} ctr
 * @returns {Uint8Array<ArrayBuffer>}
 */
export function sframeNonce(salt, ctr) {
  const nonce = bigEndian(ctr, kNonceLength);
  for (let i = 0; i < kNonceLength; i++) nonce[i] ^= salt[i];
  return nonce;
}
