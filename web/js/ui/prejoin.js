// The pre-join screen: display name, camera preview, microphone and camera toggles (both off until the user turns them on) and Join.

import { bindText } from '../i18n.js';
import { byId, showScreen } from './dom.js';
import { bindDeviceToggle } from './device_toggle.js';
import { codeOf, showError } from './errors.js';
import { parseLinkFragment } from '../e2ee/link_secret.js';
import { e2eeSupported } from '../e2ee/media_transform.js';
import { copyMeetingLink } from './copy_link.js';

/** @typedef {import('../devices.js').LocalMedia} LocalMedia */

/**
 * A display name the server accepts: 1–64 characters after trimming, no control characters
 * (docs/protocol.md `join.name`).
 * @param {string} text
 * @returns {string | null} the trimmed name or null
 */
export function validName(text) {
  const name = text.trim();
  const length = [...name].length;
  // eslint-disable-next-line no-control-regex
  if (length < 1 || length > 64 || /[\u0000-\u001f\u007f-\u009f]/.test(name)) return null;
  return name;
}

/**
 * Wires the pre-join screen.
 * @param {LocalMedia} media
 * @param {(name: string) => Promise<void>} join rejects with an error carrying a `code`
 */
export function initPrejoin(media, join) {
  const video = byId('prejoin-video', HTMLVideoElement);
  const videoOff = byId('prejoin-video-off', HTMLParagraphElement);
  const error = byId('prejoin-error', HTMLParagraphElement);
  const nameInput = byId('prejoin-name', HTMLInputElement);
  const joinButton = byId('prejoin-join', HTMLButtonElement);
  const copied = byId('prejoin-copied', HTMLParagraphElement);
  /** @param {string | null} code */
  const onError = (code) => showError(error, code);

  bindDeviceToggle(byId('prejoin-mic', HTMLButtonElement), media, 'audio', onError);
  bindDeviceToggle(byId('prejoin-camera', HTMLButtonElement), media, 'video', onError);
  media.onChange((kind, track) => {
    if (kind !== 'video') return;
    video.srcObject = track ? new MediaStream([track]) : null;
    videoOff.hidden = track !== null;
  });

  byId('prejoin-copy', HTMLButtonElement).addEventListener('click', () => {
    copyMeetingLink(copied, byId('prejoin-link', HTMLInputElement)).catch(() => {});
  });

  byId('prejoin-form', HTMLFormElement).addEventListener('submit', async (event) => {
    event.preventDefault();
    if (joinButton.disabled) return;
    const name = validName(nameInput.value);
    if (name === null) {
      onError('invalid-name');
      nameInput.setAttribute('aria-invalid', 'true');
      nameInput.focus();
      return;
    }
    nameInput.removeAttribute('aria-invalid');
    onError(null);
    joinButton.disabled = true;
    bindText(joinButton, 'prejoin.joining');
    try {
      await join(name);
    } catch (e) {
      onError(codeOf(e));
    } finally {
      joinButton.disabled = false;
      bindText(joinButton, 'prejoin.join');
    }
  });
}

/**
 * Shows the pre-join screen for a room.
 * @param {string} room
 * @param {string | null} [errorCode]
 */
export function showPrejoin(room, errorCode = null) {
  bindText(byId('prejoin-room', HTMLParagraphElement), 'prejoin.room', { room });
  const title = document.querySelector('title');
  if (title) bindText(title, 'prejoin.title', { room });
  showError(byId('prejoin-error', HTMLParagraphElement), errorCode);
  const copied = byId('prejoin-copied', HTMLParagraphElement);
  copied.removeAttribute('data-i18n');
  copied.textContent = '';
  byId('prejoin-link', HTMLInputElement).hidden = true;
  const nameInput = byId('prejoin-name', HTMLInputElement);
  // Every meeting is end-to-end encrypted: without the link's secret or WebCrypto the person
  // cannot join, and is told why before typing a name; a browser that cannot encrypt media is
  // told that a moderator decides (docs/e2ee.md "Participants who cannot encrypt media").
  const note = byId('prejoin-e2ee', HTMLParagraphElement);
  const webCrypto = typeof crypto !== 'undefined' && Boolean(crypto.subtle);
  const problem = parseLinkFragment(location.hash) === null ? 'e2ee-no-secret' : !webCrypto ? 'e2ee-unsupported' : null;
  const plainMedia = problem === null && e2eeSupported() === null;
  note.classList.toggle('error-text', problem !== null || plainMedia);
  bindText(note, problem !== null ? `error.${problem}` : plainMedia ? 'prejoin.e2ee-plain-media' : 'prejoin.e2ee-ok');
  byId('prejoin-join', HTMLButtonElement).toggleAttribute('aria-disabled', problem !== null);
  showScreen('prejoin', nameInput.value === '' ? nameInput : undefined);
}
