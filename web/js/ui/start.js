// The start page at `/`: a new meeting with a random name, or a meeting chosen by name or link.

import { kRoomPattern } from '../protocol/signaling.js';
import { byId } from './dom.js';
import { showError } from './errors.js';
import { createLinkSecret, linkFragment, parseLinkFragment } from '../e2ee/link_secret.js';

/**
 * A room name with 128 bits of randomness: 16 random bytes in base64url, 22 characters, which
 * fits the protocol's room alphabet `A-Z a-z 0-9 - _`.
 * @returns {string}
 */
export function newRoomName() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * The room in a path such as `/team-weekly`, or null for `/`; may be invalid (check with
 * kRoomPattern).
 * @param {string} pathname
 * @returns {string | null}
 */
export function roomFromPath(pathname) {
  const segment = pathname.replace(/^\/+|\/+$/g, '');
  if (segment === '') return null;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * A room typed or pasted by a person: a bare name or a meeting link, whose secret fragment is
 * kept (a bare name has none, and the pre-join screen says so).
 * @param {string} text
 * @returns {{room: string, fragment: string} | null} a valid room name and '' or `#k=…`, or null
 */
export function roomFromInput(text) {
  let candidate = text.trim();
  let fragment = '';
  if (candidate.includes('/') || candidate.includes('#')) {
    try {
      const url = new URL(candidate, location.origin);
      candidate = roomFromPath(url.pathname) ?? '';
      const secret = parseLinkFragment(url.hash);
      fragment = secret ? linkFragment(secret) : '';
    } catch {
      return null;
    }
  }
  return kRoomPattern.test(candidate) ? { room: candidate, fragment } : null;
}

/**
 * Wires the start screen.
 * @param {(room: string, fragment: string) => void} openRoom called with a valid room name and
 *   the link's secret fragment (every new meeting gets a fresh one: docs/e2ee.md)
 */
export function initStart(openRoom) {
  const input = byId('start-room', HTMLInputElement);
  const error = byId('start-error', HTMLParagraphElement);
  byId('start-new', HTMLButtonElement).addEventListener('click', () => openRoom(newRoomName(), linkFragment(createLinkSecret())));
  byId('start-form', HTMLFormElement).addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = roomFromInput(input.value);
    if (chosen === null) {
      showError(error, 'invalid-room');
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    input.removeAttribute('aria-invalid');
    showError(error, null);
    openRoom(chosen.room, chosen.fragment);
  });
}

/**
 * Resets the start screen, optionally showing an error (e.g. an invalid room in the path).
 * @param {string | null} errorCode
 */
export function resetStart(errorCode) {
  showError(byId('start-error', HTMLParagraphElement), errorCode);
}
