// Encryption of display names (under the link's name key) and chat messages (under the sender's key, or a pairwise key when private).

import { concat, fields, fromBase64Url, fromUtf8, randomBytes, toBase64Url, u32, utf8 } from './bytes.js';

/** @typedef {import('./key_schedule.js').MeetingKeys} MeetingKeys */

/** Longest display name in code points (docs/protocol.md `join.name`). */
export const kMaxNameLength = 64;
/** Names are padded to this many UTF-8 bytes, so every encrypted name has the same length. */
export const kNamePadding = 4 * kMaxNameLength;
/** Longest chat text in code points (docs/protocol.md `chat.text`). */
export const kMaxChatLength = 2000;
/** Chat texts are padded to a multiple of this many bytes, so lengths show only roughly. */
export const kChatPadding = 32;
/** Length in characters of every encrypted name (base64url of 1 + 12 + 2 + 256 + 16 bytes). */
export const kEncryptedNameLength = 383;
/** Upper bound of an encrypted chat text in characters (2,000 four-byte code points). */
export const kMaxEncryptedChatLength = 10800;

const kNameVersion = 1;
/** Chat header byte 0: encrypted under the sender's key for everyone, or pairwise. */
export const kChatGroup = 1;
export const kChatPrivate = 2;
const kChatHeaderLength = 1 + 4 + 4 + 12;

/**
 * Length-prefixed and zero-padded plaintext.
 * @param {string} text
 * @param {number} paddedLength total length of the result
 * @returns {Uint8Array<ArrayBuffer>}
 */
function pad(text, paddedLength) {
  const bytes = utf8(text);
  const out = new Uint8Array(paddedLength);
  out[0] = bytes.length >> 8;
  out[1] = bytes.length & 0xff;
  out.set(bytes, 2);
  return out;
}

/**
 * @param {Uint8Array} padded
 * @returns {string | null}
 */
function unpad(padded) {
  if (padded.length < 2) return null;
  const length = (padded[0] << 8) | padded[1];
  if (2 + length > padded.length || padded.subarray(2 + length).some((b) => b !== 0)) return null;
  return fromUtf8(padded.subarray(2, 2 + length));
}

/**
 * Encrypts a display name for `join.name` and the announcement. Every holder of the link can
 * read it, so the lobby shows moderators who is knocking; the server cannot.
 * @param {MeetingKeys} meeting
 * @param {string} name 1–64 code points
 * @returns {Promise<string>} base64url, always kEncryptedNameLength characters
 */
export async function encryptName(meeting, name) {
  const trimmed = name.trim();
  const count = [...trimmed].length;
  if (count === 0 || count > kMaxNameLength) throw new RangeError('invalid name length');
  const iv = randomBytes(12);
  const header = concat(new Uint8Array([kNameVersion]), iv);
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: concat(fields('name', meeting.room), header) },
    meeting.nameKey, pad(trimmed, 2 + kNamePadding));
  return toBase64Url(concat(header, new Uint8Array(sealed)));
}

/**
 * @param {MeetingKeys} meeting
 * @param {unknown} data
 * @returns {Promise<string | null>} null when it is not a name encrypted for this meeting
 */
export async function decryptName(meeting, data) {
  const bytes = fromBase64Url(data);
  if (!bytes || bytes.length !== 1 + 12 + 2 + kNamePadding + 16 || bytes[0] !== kNameVersion) return null;
  const header = bytes.subarray(0, 13);
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bytes.slice(1, 13), additionalData: concat(fields('name', meeting.room), header) },
      meeting.nameKey, bytes.slice(13));
    const name = unpad(new Uint8Array(plain));
    return name && [...name].length <= kMaxNameLength ? name : null;
  } catch {
    return null;
  }
}

/**
 * What a chat message says about itself before decryption.
 * @typedef {object} ChatHeader
 * @property {number} kind kChatGroup or kChatPrivate
 * @property {number} index sender's key index (group), 0 (private)
 * @property {number} seq sender's message counter; receivers accept only increasing values
 */

/**
 * @typedef {object} ChatContext
 * @property {string} room
 * @property {string} from sender's participant id
 * @property {string | null} to recipient's id, null for everyone
 */

/**
 * @param {ChatContext} context
 * @param {Uint8Array} header
 * @returns {Uint8Array<ArrayBuffer>}
 */
function chatAad(context, header) {
  return concat(fields('chat', context.room, context.from, context.to ?? '*'), header);
}

/**
 * Encrypts a chat text (header: kind, key index, sequence number, IV).
 * @param {CryptoKey} key sender's chat key (group) or pairwise chat key (private)
 * @param {ChatHeader} header
 * @param {ChatContext} context
 * @param {string} text 1–2,000 code points
 * @returns {Promise<string>} base64url
 */
export async function encryptChat(key, header, context, text) {
  if ([...text].length > kMaxChatLength) throw new RangeError('chat text too long');
  const bytes = utf8(text);
  const padded = pad(text, Math.ceil((2 + bytes.length) / kChatPadding) * kChatPadding);
  const iv = randomBytes(12);
  const head = concat(new Uint8Array([header.kind]), u32(header.index), u32(header.seq), iv);
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: chatAad(context, head) }, key, padded);
  return toBase64Url(concat(head, new Uint8Array(sealed)));
}

/**
 * @param {unknown} data
 * @returns {(ChatHeader & {bytes: Uint8Array<ArrayBuffer>}) | null}
 */
export function parseChat(data) {
  if (typeof data !== 'string' || data.length > kMaxEncryptedChatLength) return null;
  const bytes = fromBase64Url(data);
  if (!bytes || bytes.length < kChatHeaderLength + 16) return null;
  const kind = bytes[0];
  if (kind !== kChatGroup && kind !== kChatPrivate) return null;
  const view = new DataView(bytes.buffer);
  return { kind, index: view.getUint32(1), seq: view.getUint32(5), bytes };
}

/**
 * @param {CryptoKey} key
 * @param {Uint8Array<ArrayBuffer>} bytes from parseChat
 * @param {ChatContext} context
 * @returns {Promise<string | null>}
 */
export async function decryptChat(key, bytes, context) {
  const head = bytes.subarray(0, kChatHeaderLength);
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bytes.slice(9, kChatHeaderLength), additionalData: chatAad(context, head) },
      key, bytes.slice(kChatHeaderLength));
    return unpad(new Uint8Array(plain));
  } catch {
    return null;
  }
}
