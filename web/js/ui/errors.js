// The one place where error codes (docs/protocol.md and the client's own) become translated texts.

import { bindText } from '../i18n.js';

/** Codes that have their own text in the catalogues (key `error.<code>`). */
const kKnownCodes = new Set([
  // docs/protocol.md "error"
  'bad-message', 'too-large', 'unknown-type', 'unsupported-version', 'invalid-room', 'invalid-name',
  'wrong-state', 'stale-answer', 'bad-sdp', 'room-full', 'rate-limited', 'internal', 'invalid-chat',
  'unknown-participant', 'not-allowed', 'removed',
  // lobby, lock and PIN (docs/protocol.md "Lobby, lock and PIN")
  'room-locked', 'denied', 'invalid-pin', 'wrong-pin', 'pin-throttled',
  // reconnecting (docs/protocol.md "Reconnecting")
  'resume-failed', 'restart-throttled',
  // moderation (docs/protocol.md "Moderation")
  'meeting-ended', 'muted-by-moderator', 'camera-stopped-by-moderator',
  // the client's own
  'connect', 'connection-lost', 'media-failed', 'device-denied', 'device-missing', 'device-failed',
  'background-failed',
  // end-to-end encryption (docs/e2ee.md)
  'e2ee-no-secret', 'e2ee-unsupported', 'e2ee-chat-failed', 'no-moderator', 'plain-media-denied',
  // caps at the door (docs/protocol.md "error")
  'waiting-full', 'waiting-timeout', 'server-full',
]);

/**
 * @param {string} code
 * @returns {string} catalogue key
 */
export function errorKey(code) {
  return kKnownCodes.has(code) ? `error.${code}` : 'error.unknown';
}

/**
 * Shows the translated text for a code in an element, or hides the element for null.
 * @param {HTMLElement} element
 * @param {string | null} code
 */
export function showError(element, code) {
  if (code === null) {
    element.hidden = true;
    element.removeAttribute('data-i18n');
    element.textContent = '';
    return;
  }
  bindText(element, errorKey(code));
  element.hidden = false;
}

/**
 * The code carried by an error thrown by the session or the devices, or `unknown`.
 * @param {unknown} error
 * @returns {string}
 */
export function codeOf(error) {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return 'unknown';
}
