// Inviting during the meeting: the "More" menu's invite item copies the full meeting link (secret included), confirms it visibly and in the live region, or shows the link selected when the clipboard is refused.

import { byId } from './dom.js';
import { copyMeetingLink } from './copy_link.js';

/** How long the "copied" confirmation stays. */
const kConfirmationMs = 5000;

export class InviteControl {
  button = byId('meeting-invite', HTMLButtonElement);
  // The invite item sits in the "More" menu: focus goes back to the menu's button.
  #returnTo = byId('meeting-more', HTMLButtonElement);
  #status = byId('invite-status', HTMLParagraphElement);
  #fallback = byId('invite-fallback', HTMLDivElement);
  #link = byId('invite-link', HTMLInputElement);
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  #timer;

  constructor() {
    this.button.addEventListener('click', () => this.copy().catch(() => {}));
    byId('invite-close', HTMLButtonElement).addEventListener('click', () => {
      this.clear();
      this.#returnTo.focus();
    });
    this.#fallback.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape') return;
      this.clear();
      this.#returnTo.focus();
    });
  }

  async copy() {
    clearTimeout(this.#timer);
    // The text box and its close button show only when the clipboard refused.
    const copied = await copyMeetingLink(this.#status, this.#link, this.#fallback);
    if (copied) this.#timer = setTimeout(() => this.clear(), kConfirmationMs);
  }

  clear() {
    clearTimeout(this.#timer);
    this.#status.removeAttribute('data-i18n');
    this.#status.textContent = '';
    this.#fallback.hidden = true;
  }
}
