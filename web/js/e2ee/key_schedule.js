// Key schedule of end-to-end encryption (docs/e2ee.md "Key schedule"): HKDF-SHA-256 (RFC 5869) derivations from the link secret, sender secrets and ECDH.

import { fields, utf8 } from './bytes.js';

/** @typedef {import('./bytes.js').Bytes} Bytes */

/** HKDF salt of every derivation; changing it is a new protocol version. */
export const kSalt = utf8('vicos-e2ee-v1');
/** Length of a sender secret in bytes. */
export const kSenderSecretLength = 32;

/**
 * Keys every holder of the link derives the same way for one room.
 * @typedef {object} MeetingKeys
 * @property {string} room
 * @property {CryptoKey} announceKey HMAC-SHA-256, authenticates public-key announcements
 * @property {CryptoKey} nameKey AES-256-GCM, encrypts display names
 * @property {CryptoKey} broadcastKey AES-256-GCM, encrypts moderators' messages to every breakout room
 * @property {Bytes} wrapSalt HKDF salt of the pairwise keys, so that they depend on the link too
 */

/**
 * @param {Uint8Array<ArrayBuffer>} raw
 * @returns {Promise<CryptoKey>} an HKDF base key that cannot be exported
 */
export function importHkdfKey(raw) {
  return crypto.subtle.importKey('raw', raw, 'HKDF', false, ['deriveBits', 'deriveKey']);
}

/**
 * @param {Bytes} salt
 * @param {Bytes} info
 * @returns {HkdfParams}
 */
function hkdf(salt, info) {
  return { name: 'HKDF', hash: 'SHA-256', salt, info };
}

/**
 * HKDF-SHA-256 output as bytes (RFC 5869 section 2).
 * @param {Uint8Array<ArrayBuffer> | CryptoKey} ikm input keying material, raw or as an HKDF key
 * @param {Bytes} info
 * @param {number} length in bytes
 * @param {Bytes} [salt]
 * @returns {Promise<Bytes>}
 */
export async function hkdfBytes(ikm, info, length, salt = kSalt) {
  const base = ikm instanceof Uint8Array ? await importHkdfKey(ikm) : ikm;
  return new Uint8Array(await crypto.subtle.deriveBits(hkdf(salt, info), base, length * 8));
}

/**
 * @param {CryptoKey} base HKDF key
 * @param {Bytes} info
 * @param {Bytes} [salt]
 * @returns {Promise<CryptoKey>}
 */
function deriveAesKey(base, info, salt = kSalt) {
  return crypto.subtle.deriveKey(hkdf(salt, info), base, { name: 'AES-GCM', length: 256 }, false,
    ['encrypt', 'decrypt']);
}

/** HKDF info labels, one per derived key (docs/e2ee.md "Key schedule"). */
export const kLabels = Object.freeze({
  /** @param {string} room */
  announce: (room) => fields('announce', room),
  /** @param {string} room */
  name: (room) => fields('name', room),
  /** @param {string} room */
  broadcast: (room) => fields('breakout-broadcast', room),
  /** @param {string} room */
  wrapSalt: (room) => fields('wrap-salt', room),
  ratchet: () => fields('ratchet'),
  frameBase: () => fields('sframe-base'),
  chat: () => fields('chat'),
  /**
   * @param {'key' | 'chat'} purpose
   * @param {string} room
   * @param {string} from
   * @param {string} to
   */
  pair: (purpose, room, from, to) => fields('pair', purpose, room, from, to),
});

/**
 * The keys that every holder of the link derives for this room.
 * @param {Uint8Array<ArrayBuffer>} linkSecret
 * @param {string} room
 * @returns {Promise<MeetingKeys>}
 */
export async function deriveMeetingKeys(linkSecret, room) {
  const base = await importHkdfKey(linkSecret);
  const announceKey = await crypto.subtle.deriveKey(hkdf(kSalt, kLabels.announce(room)), base,
    { name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign', 'verify']);
  const nameKey = await deriveAesKey(base, kLabels.name(room));
  const broadcastKey = await deriveAesKey(base, kLabels.broadcast(room));
  const wrapSalt = await hkdfBytes(base, kLabels.wrapSalt(room), 32);
  return { room, announceKey, nameKey, broadcastKey, wrapSalt };
}

/**
 * The next sender secret of the ratchet: one-way, so whoever gets it cannot compute the one
 * before (used when someone joins).
 * @param {CryptoKey} secret HKDF key of the current sender secret
 * @returns {Promise<Bytes>}
 */
export function ratchetSecret(secret) {
  return hkdfBytes(secret, kLabels.ratchet(), kSenderSecretLength);
}

/**
 * The SFrame base key of a sender secret (RFC 9605 section 4.4.2): each KID (track and key index,
 * sframe.js) derives its own key and salt from it.
 * @param {CryptoKey} secret HKDF key of a sender secret
 * @returns {Promise<CryptoKey>} HKDF key
 */
export async function deriveFrameBaseKey(secret) {
  return importHkdfKey(await hkdfBytes(secret, kLabels.frameBase(), 32));
}

/**
 * The key of the sender's chat messages to everyone.
 * @param {CryptoKey} secret HKDF key of a sender secret
 * @returns {Promise<CryptoKey>}
 */
export function deriveChatKey(secret) {
  return deriveAesKey(secret, kLabels.chat());
}

/**
 * A directional pairwise key from ECDH P-256: `from` uses it to encrypt for `to`. The salt comes
 * from the link secret, so a server that somehow held an ECDH private key still needs the link.
 * @param {CryptoKey} privateKey own ECDH private key
 * @param {CryptoKey} publicKey the other's ECDH public key
 * @param {MeetingKeys} meeting
 * @param {'key' | 'chat'} purpose wrapping sender secrets, or private chat messages
 * @param {string} from sender's participant id
 * @param {string} to recipient's participant id
 * @returns {Promise<CryptoKey>}
 */
export async function derivePairKey(privateKey, publicKey, meeting, purpose, from, to) {
  const shared = new Uint8Array(await crypto.subtle.deriveBits({ name: 'ECDH', public: publicKey }, privateKey, 256));
  const base = await importHkdfKey(shared);
  shared.fill(0);
  return deriveAesKey(base, kLabels.pair(purpose, meeting.room, from, to), meeting.wrapSalt);
}
