// Byte helpers shared by the end-to-end encryption modules: base64url, UTF-8, big-endian integers and unambiguous field encoding.

/** @typedef {Uint8Array<ArrayBuffer>} Bytes */

const kEncoder = new TextEncoder();
const kDecoder = new TextDecoder('utf-8', { fatal: true });
const kBase64Url = /^[A-Za-z0-9_-]*$/;

/**
 * Base64url without padding (RFC 4648 section 5).
 * @param {Uint8Array} bytes
 * @returns {string}
 */
export function toBase64Url(bytes) {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Strict base64url decoding: only the URL-safe alphabet, no padding, no white space, and the
 * canonical form only (unused trailing bits must be zero), so that one value has one spelling.
 * @param {unknown} text
 * @returns {Bytes | null}
 */
export function fromBase64Url(text) {
  if (typeof text !== 'string' || !kBase64Url.test(text) || text.length % 4 === 1) return null;
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  let binary;
  try {
    binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  } catch {
    return null;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return toBase64Url(bytes) === text ? bytes : null;
}

/**
 * @param {string} text
 * @returns {Bytes}
 */
export function utf8(text) {
  return kEncoder.encode(text);
}

/**
 * @param {Uint8Array} bytes
 * @returns {string | null} null when the bytes are not valid UTF-8
 */
export function fromUtf8(bytes) {
  try {
    return kDecoder.decode(bytes);
  } catch {
    return null;
  }
}

/**
 * @param {...Uint8Array} parts
 * @returns {Bytes}
 */
export function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/**
 * @param {number} value 0 … 2^32 − 1
 * @returns {Bytes} four bytes, big-endian
 */
export function u32(value) {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value);
  return out;
}

/**
 * Encodes fields so that no two different lists give the same bytes: each field is preceded by
 * its length as two big-endian bytes. Used for MAC inputs and AEAD associated data.
 * @param {...(string | Uint8Array)} fields
 * @returns {Bytes}
 */
export function fields(...fields) {
  const parts = [];
  for (const field of fields) {
    const bytes = typeof field === 'string' ? utf8(field) : field;
    if (bytes.length > 0xffff) throw new RangeError('field too long');
    parts.push(new Uint8Array([bytes.length >> 8, bytes.length & 0xff]), bytes);
  }
  return concat(...parts);
}

/**
 * @param {number} length
 * @returns {Bytes}
 */
export function randomBytes(length) {
  return crypto.getRandomValues(new Uint8Array(length));
}

/**
 * Lexicographic comparison, for sorting keys.
 * @param {Uint8Array} a
 * @param {Uint8Array} b
 * @returns {number}
 */
export function compareBytes(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/**
 * Equality that does not stop at the first difference (for public values such as public keys;
 * MACs are verified by WebCrypto itself).
 * @param {Uint8Array} a
 * @param {Uint8Array} b
 * @returns {boolean}
 */
export function equalBytes(a, b) {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}
