// Participant identities (ECDH P-256 per conference), their link-authenticated announcements, and sender secrets wrapped pairwise for the signaling relay.

import { fields, fromBase64Url, randomBytes, toBase64Url, u32 } from './bytes.js';
import { derivePairKey, kSenderSecretLength } from './key_schedule.js';

/** @typedef {import('./bytes.js').Bytes} Bytes */
/** @typedef {import('./key_schedule.js').MeetingKeys} MeetingKeys */

/**
 * One participant's key pair for one conference; the private key cannot be exported.
 * @typedef {object} Identity
 * @property {CryptoKey} privateKey
 * @property {Bytes} publicRaw 65 bytes, uncompressed point (SEC 1 2.3.3)
 */

/**
 * A verified participant.
 * @typedef {object} PeerIdentity
 * @property {string} id participant id the announcement is bound to
 * @property {CryptoKey} publicKey
 * @property {Bytes} publicRaw
 * @property {string} name encrypted display name (base64url), bound to id and key by the MAC
 * @property {boolean} plainMedia its browser cannot encrypt media (bound by the MAC as well)
 */

/**
 * Who announces, and where: the meeting instance the server named in `joined` (fresh each time
 * the room is created), the participant id, and whether this browser cannot encrypt media.
 * @typedef {{instance: string, id: string, plainMedia: boolean}} AnnounceContext
 */

/**
 * Client → server; the server relays it with `from` set, to everyone or to `to` only.
 * @typedef {{type: 'e2ee-announce', pub: string, name: string, mac: string, plainMedia?: true,
 *   to?: string}} AnnounceMessage
 */
/**
 * Client → server; the server relays it with `from` set to `to` only.
 * @typedef {{type: 'e2ee-key', to: string, idx: number, iv: string, ct: string}} KeyMessage
 */

export const kPublicKeyLength = 65;
export const kMacLength = 32;
const kIdMaxLength = 64;

/** @returns {Promise<Identity>} */
export async function createIdentity() {
  const pair = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
  const publicRaw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  return { privateKey: pair.privateKey, publicRaw };
}

/**
 * @param {MeetingKeys} meeting
 * @param {AnnounceContext} context
 * @param {Uint8Array} publicRaw
 * @param {string} name
 * @returns {Bytes}
 */
function announceInput(meeting, context, publicRaw, name) {
  return fields('announce', meeting.room, context.instance, context.id, publicRaw, name,
    context.plainMedia ? 'plain-media' : 'encrypted-media');
}

/**
 * Announces our public key, name and whether we can encrypt media, bound to our participant id
 * and this meeting instance by an HMAC under the link's announce key: the server, which lacks
 * the link, cannot make one, and one from an earlier meeting of the link does not verify.
 * @param {MeetingKeys} meeting
 * @param {AnnounceContext} self
 * @param {Identity} identity
 * @param {string} encryptedName from text_crypto.encryptName
 * @param {string} [to] reply to one newcomer instead of everyone
 * @returns {Promise<AnnounceMessage>}
 */
export async function makeAnnounce(meeting, self, identity, encryptedName, to) {
  const mac = await crypto.subtle.sign('HMAC', meeting.announceKey,
    announceInput(meeting, self, identity.publicRaw, encryptedName));
  /** @type {AnnounceMessage} */
  const message = { type: 'e2ee-announce', pub: toBase64Url(identity.publicRaw), name: encryptedName,
    mac: toBase64Url(new Uint8Array(mac)) };
  if (self.plainMedia) message.plainMedia = true;
  if (to !== undefined) message.to = to;
  return message;
}

/**
 * @param {unknown} id
 * @returns {id is string}
 */
export function isId(id) {
  return typeof id === 'string' && id.length > 0 && id.length <= kIdMaxLength;
}

/**
 * Checks a relayed announcement: shape, then MAC (WebCrypto verifies in constant time) over
 * this meeting instance, then that the key is a valid P-256 point. A `plainMedia` the sender
 * did not put there (or one removed) fails the MAC.
 * @param {MeetingKeys} meeting
 * @param {string} instance this meeting instance, from `joined`
 * @param {unknown} message as relayed, with `from`
 * @returns {Promise<PeerIdentity | null>}
 */
export async function verifyAnnounce(meeting, instance, message) {
  if (typeof message !== 'object' || message === null) return null;
  const m = /** @type {Record<string, unknown>} */ (message);
  if (!isId(m.from) || typeof m.name !== 'string' || m.name.length > 1024) return null;
  if (m.plainMedia !== undefined && typeof m.plainMedia !== 'boolean') return null;
  const plainMedia = m.plainMedia === true;
  const publicRaw = fromBase64Url(m.pub);
  const mac = fromBase64Url(m.mac);
  if (!publicRaw || publicRaw.length !== kPublicKeyLength || publicRaw[0] !== 0x04) return null;
  if (!mac || mac.length !== kMacLength) return null;
  const ok = await crypto.subtle.verify('HMAC', meeting.announceKey, mac,
    announceInput(meeting, { instance, id: m.from, plainMedia }, publicRaw, m.name));
  if (!ok) return null;
  try {
    const publicKey = await crypto.subtle.importKey('raw', publicRaw, { name: 'ECDH', namedCurve: 'P-256' }, true, []);
    return { id: m.from, publicKey, publicRaw, name: m.name, plainMedia };
  } catch {
    return null;
  }
}

/**
 * @param {MeetingKeys} meeting
 * @param {string} from
 * @param {string} to
 * @param {number} index
 * @returns {Bytes}
 */
function keyAad(meeting, from, to, index) {
  return fields('key', meeting.room, from, to, u32(index));
}

/**
 * Wraps our sender secret for one verified participant: AES-256-GCM under the directional
 * ECDH key, with both ids and the key index in the AAD.
 * @param {MeetingKeys} meeting
 * @param {Identity} identity
 * @param {string} selfId
 * @param {PeerIdentity} peer
 * @param {number} index
 * @param {Uint8Array<ArrayBuffer>} secret kSenderSecretLength bytes
 * @returns {Promise<KeyMessage>}
 */
export async function wrapSenderSecret(meeting, identity, selfId, peer, index, secret) {
  const key = await derivePairKey(identity.privateKey, peer.publicKey, meeting, 'key', selfId, peer.id);
  const iv = randomBytes(12);
  const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: keyAad(meeting, selfId, peer.id, index) },
    key, secret);
  return { type: 'e2ee-key', to: peer.id, idx: index, iv: toBase64Url(iv), ct: toBase64Url(new Uint8Array(ct)) };
}

/**
 * Unwraps a relayed key message from a verified participant addressed to us.
 * @param {MeetingKeys} meeting
 * @param {Identity} identity
 * @param {string} selfId
 * @param {PeerIdentity} peer the sender, whose announcement verified
 * @param {unknown} message as relayed, with `from`
 * @returns {Promise<{index: number, secret: Bytes} | null>}
 */
export async function unwrapSenderSecret(meeting, identity, selfId, peer, message) {
  if (typeof message !== 'object' || message === null) return null;
  const m = /** @type {Record<string, unknown>} */ (message);
  if (m.from !== peer.id || m.to !== selfId) return null;
  const index = m.idx;
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index > 0xffffffff) return null;
  const iv = fromBase64Url(m.iv);
  const ct = fromBase64Url(m.ct);
  if (!iv || iv.length !== 12 || !ct || ct.length !== kSenderSecretLength + 16) return null;
  const key = await derivePairKey(identity.privateKey, peer.publicKey, meeting, 'key', peer.id, selfId);
  try {
    const secret = await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: keyAad(meeting, peer.id, selfId, index) },
      key, ct);
    return { index, secret: new Uint8Array(secret) };
  } catch {
    return null;
  }
}
