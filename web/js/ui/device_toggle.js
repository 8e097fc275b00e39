// A microphone or camera toggle button bound to the local devices; used on the pre-join and meeting screens.

import { setPressed } from './dom.js';
import { codeOf } from './errors.js';

/** @typedef {import('../devices.js').LocalMedia} LocalMedia */

/**
 * The button's aria-pressed follows the device; a click turns it on or off. Errors (permission
 * refused, no device) go to onError with their code, success clears them with null.
 * @param {HTMLButtonElement} button
 * @param {LocalMedia} media
 * @param {'audio' | 'video'} kind
 * @param {(code: string | null) => void} onError
 */
export function bindDeviceToggle(button, media, kind, onError) {
  setPressed(button, media.tracks[kind] !== null);
  media.onChange((changed, track) => {
    if (changed === kind) setPressed(button, track !== null);
  });
  let busy = false;
  button.addEventListener('click', async () => {
    if (busy) return;
    busy = true;
    button.setAttribute('aria-busy', 'true');
    try {
      await media.set(kind, media.tracks[kind] === null);
      onError(null);
    } catch (error) {
      onError(codeOf(error));
    } finally {
      busy = false;
      button.removeAttribute('aria-busy');
    }
  });
}
