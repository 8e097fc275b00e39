// Encryption of polls (under the asker's chat key, with a fresh poll key inside) and of ballots (under that poll key), so that the server relays polls and votes it cannot read (docs/e2ee.md "Polls").

import { concat, fields, fromBase64Url, fromUtf8, randomBytes, toBase64Url, u32, utf8 } from './bytes.js';

/** Question and answer lengths in code points, answer counts (docs/protocol.md "Polls"). */
export const kMaxQuestionLength = 300;
export const kMaxAnswerLength = 100;
export const kMinAnswers = 2;
export const kMaxAnswers = 10;
/** Poll plaintexts are padded to a multiple of this many bytes, and never exceed kMaxPollBytes. */
const kPollPadding = 256;
const kMaxPollBytes = 8192;
const kPollVersion = 1;
const kPollHeaderLength = 1 + 4 + 12;
/** A ballot: secret (16) ‖ sequence number (4) ‖ choices as a bit set (2); always this long. */
const kBallotLength = 16 + 4 + 2;
const kBallotSecretLength = 16;

/**
 * What the asker decided; `key` (32 random bytes) encrypts the ballots.
 * @typedef {object} PollSpec
 * @property {string} question
 * @property {string[]} answers 2–10
 * @property {boolean} multiple more than one answer may be chosen
 * @property {boolean} anonymous votes are relayed without the voter's id
 * @property {Uint8Array<ArrayBuffer>} key
 */

/**
 * One voter's ballot: `secret` is drawn once per poll and voter, so that receivers count a ballot
 * the server repeats under another number only once; `seq` grows with each change of mind.
 * @typedef {object} Ballot
 * @property {Uint8Array<ArrayBuffer>} secret
 * @property {number} seq
 * @property {number[]} choices indices of the chosen answers
 */

/**
 * @param {string} text
 * @param {number} max code points
 * @returns {boolean}
 */
function fits(text, max) {
  const count = [...text].length;
  // Control characters would only serve to mislead; line breaks too in a one-line question.
  return count > 0 && count <= max && text.trim() !== '' && !/\p{Cc}/u.test(text);
}

/**
 * Whether a spec is one the client may ask and show.
 * @param {unknown} spec
 * @returns {spec is PollSpec}
 */
export function isValidSpec(spec) {
  if (typeof spec !== 'object' || spec === null) return false;
  const s = /** @type {Record<string, unknown>} */ (spec);
  return typeof s.question === 'string' && fits(s.question, kMaxQuestionLength) &&
    Array.isArray(s.answers) && s.answers.length >= kMinAnswers && s.answers.length <= kMaxAnswers &&
    s.answers.every((a) => typeof a === 'string' && fits(a, kMaxAnswerLength)) &&
    typeof s.multiple === 'boolean' && typeof s.anonymous === 'boolean' &&
    s.key instanceof Uint8Array && s.key.length === 32;
}

/**
 * @param {{room: string, from: string, poll: string}} context
 * @param {Uint8Array} header
 */
function pollAad(context, header) {
  return concat(fields('poll', context.room, context.from, context.poll), header);
}

/**
 * Encrypts a poll under the asker's chat key of index `index`.
 * @param {CryptoKey} key the asker's chat key
 * @param {number} index its key index
 * @param {{room: string, from: string, poll: string}} context
 * @param {PollSpec} spec
 * @returns {Promise<string>} base64url
 */
export async function encryptPoll(key, index, context, spec) {
  if (!isValidSpec(spec)) throw new RangeError('invalid poll');
  const json = JSON.stringify({ v: kPollVersion, question: spec.question, answers: spec.answers,
    multiple: spec.multiple, anonymous: spec.anonymous, key: toBase64Url(spec.key) });
  const bytes = utf8(json);
  const length = Math.ceil((2 + bytes.length) / kPollPadding) * kPollPadding;
  if (length > kMaxPollBytes) throw new RangeError('poll too long');
  const padded = new Uint8Array(length);
  padded[0] = bytes.length >> 8;
  padded[1] = bytes.length & 0xff;
  padded.set(bytes, 2);
  const iv = randomBytes(12);
  const header = concat(new Uint8Array([kPollVersion]), u32(index), iv);
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: pollAad(context, header) }, key, padded);
  return toBase64Url(concat(header, new Uint8Array(sealed)));
}

/**
 * The asker's key index a poll ciphertext names; null when it is no poll.
 * @param {unknown} data
 * @returns {{index: number, bytes: Uint8Array<ArrayBuffer>} | null}
 */
export function parsePoll(data) {
  const bytes = fromBase64Url(data);
  if (!bytes || bytes.length < kPollHeaderLength + 16 || bytes[0] !== kPollVersion) return null;
  return { index: new DataView(bytes.buffer).getUint32(1), bytes };
}

/**
 * @param {CryptoKey} key the asker's chat key of the index parsePoll found
 * @param {Uint8Array<ArrayBuffer>} bytes
 * @param {{room: string, from: string, poll: string}} context
 * @returns {Promise<PollSpec | null>}
 */
export async function decryptPoll(key, bytes, context) {
  try {
    const header = bytes.subarray(0, kPollHeaderLength);
    const plain = new Uint8Array(await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bytes.slice(5, kPollHeaderLength), additionalData: pollAad(context, header) },
      key, bytes.slice(kPollHeaderLength)));
    const length = (plain[0] << 8) | plain[1];
    if (2 + length > plain.length) return null;
    const json = fromUtf8(plain.subarray(2, 2 + length));
    if (json === null) return null;
    const parsed = JSON.parse(json);
    const spec = { question: parsed.question, answers: parsed.answers, multiple: parsed.multiple,
      anonymous: parsed.anonymous, key: fromBase64Url(parsed.key) };
    return parsed.v === kPollVersion && isValidSpec(spec) ? spec : null;
  } catch {
    return null;
  }
}

/**
 * A fresh ballot secret for one poll.
 * @returns {Uint8Array<ArrayBuffer>}
 */
export function newBallotSecret() {
  return randomBytes(kBallotSecretLength);
}

/**
 * @param {{room: string, poll: string, voter: string | null}} context voter null: anonymous
 */
function ballotAad(context) {
  return fields('poll-vote', context.room, context.poll, context.voter ?? '*');
}

/**
 * Encrypts a ballot under the poll key; every ballot has the same length.
 * @param {Uint8Array<ArrayBuffer>} pollKey
 * @param {{room: string, poll: string, voter: string | null}} context
 * @param {Ballot} ballot
 * @returns {Promise<string>} base64url
 */
export async function encryptBallot(pollKey, context, ballot) {
  const plain = new Uint8Array(kBallotLength);
  plain.set(ballot.secret, 0);
  plain.set(u32(ballot.seq), kBallotSecretLength);
  const bits = ballot.choices.reduce((set, i) => set | (1 << i), 0);
  plain[20] = bits >> 8;
  plain[21] = bits & 0xff;
  const key = await crypto.subtle.importKey('raw', pollKey, 'AES-GCM', false, ['encrypt']);
  const iv = randomBytes(12);
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: ballotAad(context) }, key, plain);
  return toBase64Url(concat(iv, new Uint8Array(sealed)));
}

/**
 * @param {Uint8Array<ArrayBuffer>} pollKey
 * @param {unknown} data
 * @param {{room: string, poll: string, voter: string | null}} context
 * @param {number} answers how many answers the poll has: choices past them make it no ballot
 * @returns {Promise<Ballot | null>}
 */
export async function decryptBallot(pollKey, data, context, answers) {
  const bytes = fromBase64Url(data);
  if (!bytes || bytes.length !== 12 + kBallotLength + 16) return null;
  try {
    const key = await crypto.subtle.importKey('raw', pollKey, 'AES-GCM', false, ['decrypt']);
    const plain = new Uint8Array(await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bytes.slice(0, 12), additionalData: ballotAad(context) }, key, bytes.slice(12)));
    const bits = (plain[20] << 8) | plain[21];
    if (bits >> answers !== 0) return null;
    const choices = [];
    for (let i = 0; i < answers; i += 1) if (bits & (1 << i)) choices.push(i);
    return { secret: plain.slice(0, kBallotSecretLength), seq: new DataView(plain.buffer).getUint32(16), choices };
  } catch {
    return null;
  }
}
