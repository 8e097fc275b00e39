// The waiting screen: shown after `waiting` (docs/protocol.md "Room policy and roles", "Lobby, lock and PIN") until the server admits this person: waiting for the organizer, knocking, or asked for the meeting PIN; with a way to leave.

import { bindText } from '../i18n.js';
import { byId, showScreen } from './dom.js';

const kReasonKeys = /** @type {Record<string, string>} */ ({
  organizer: 'waiting.organizer',
  lobby: 'waiting.lobby',
  pin: 'waiting.pin',
  'plain-media': 'waiting.plain-media',
});

/**
 * @param {() => void} leave
 * @param {(pin: string) => void} sendPin
 */
export function initWaiting(leave, sendPin) {
  byId('waiting-leave', HTMLButtonElement).addEventListener('click', leave);
  const input = byId('waiting-pin', HTMLInputElement);
  byId('waiting-pin-form', HTMLFormElement).addEventListener('submit', (event) => {
    event.preventDefault();
    const pin = input.value.trim();
    if (pin === '') {
      showWaitingError('pin-missing');
      input.focus();
      return;
    }
    showWaitingError(null);
    sendPin(pin);
    input.value = '';
  });
}

/**
 * @param {string} reason the `waiting.reason` from the server: organizer, lobby, pin or plain-media
 */
export function showWaiting(reason) {
  bindText(byId('waiting-text', HTMLParagraphElement), kReasonKeys[reason] ?? 'waiting.other');
  const form = byId('waiting-pin-form', HTMLFormElement);
  const wasPin = !form.hidden;
  form.hidden = reason !== 'pin';
  if (reason !== 'pin') showWaitingError(null);
  const title = document.querySelector('title');
  if (title) bindText(title, 'waiting.title');
  if (reason === 'pin') {
    if (!wasPin) showScreen('waiting', byId('waiting-pin', HTMLInputElement));
    else byId('waiting-pin', HTMLInputElement).focus();
  } else {
    showScreen('waiting');
  }
}

/**
 * A wrong or throttled PIN attempt, or null to hide the message.
 * @param {string | null} code `wrong-pin`, `pin-throttled`, or the client's own `pin-missing`
 */
export function showWaitingError(code) {
  const error = byId('waiting-pin-error', HTMLParagraphElement);
  error.hidden = code === null;
  if (code === null) return;
  bindText(error, `pin.${code}`);
  byId('waiting-pin', HTMLInputElement).setAttribute('aria-invalid', 'true');
}
