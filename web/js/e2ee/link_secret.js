// The meeting's link secret: 128 random bits in the URL fragment, which browsers never send to the server.

import { fromBase64Url, randomBytes, toBase64Url } from './bytes.js';

/** Length of a new link secret in bytes (128 bits, PRIVACY.md P11 and P3). */
export const kLinkSecretLength = 16;
/** Longest secret accepted from a link, so that later versions may use longer ones. */
export const kMaxLinkSecretLength = 64;
/** The fragment parameter that holds the secret: `#k=<base64url>`. */
export const kFragmentKey = 'k';

/**
 * A fresh secret for a new meeting link.
 * @returns {Uint8Array<ArrayBuffer>}
 */
export function createLinkSecret() {
  return randomBytes(kLinkSecretLength);
}

/**
 * The fragment to append to the meeting URL, including `#`.
 * @param {Uint8Array} secret
 * @returns {string}
 */
export function linkFragment(secret) {
  return `#${kFragmentKey}=${toBase64Url(secret)}`;
}

/**
 * Reads the secret from a fragment such as `location.hash` (`#k=…`, further `&`-separated
 * parameters are ignored). Gives null when there is none or it is malformed or shorter than
 * 128 bits: such a participant cannot take part encrypted.
 * @param {string} hash
 * @returns {Uint8Array<ArrayBuffer> | null}
 */
export function parseLinkFragment(hash) {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  for (const part of body.split('&')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq) !== kFragmentKey) continue;
    const secret = fromBase64Url(part.slice(eq + 1));
    if (!secret || secret.length < kLinkSecretLength || secret.length > kMaxLinkSecretLength) return null;
    return secret;
  }
  return null;
}
