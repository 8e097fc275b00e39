// The screen after leaving (or being disconnected): the reason, Rejoin, and a way back to the start page.

import { bindText } from '../i18n.js';
import { byId, showScreen } from './dom.js';
import { showError } from './errors.js';

/** @param {() => void} rejoin */
export function initLeft(rejoin) {
  byId('left-rejoin', HTMLButtonElement).addEventListener('click', rejoin);
}

/** @param {string | null} errorCode why the meeting ended, null when the user left */
export function showLeft(errorCode) {
  showError(byId('left-reason', HTMLParagraphElement), errorCode);
  // Whom a moderator removed, or whose meeting a moderator ended, is not offered to come back.
  byId('left-rejoin', HTMLButtonElement).hidden = errorCode === 'removed' || errorCode === 'meeting-ended';
  const title = document.querySelector('title');
  if (title) bindText(title, 'left.title');
  showScreen('left');
}
