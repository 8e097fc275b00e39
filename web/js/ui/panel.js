// A side panel of the meeting screen (chat, participants) opened and closed by a toolbar button; one panel is open at a time.

import { byId } from './dom.js';

/** @type {Set<Panel>} */
const allPanels = new Set();

export class Panel {
  /** @type {HTMLElement} */
  element;
  /** @type {HTMLButtonElement} */
  button;
  /** @type {Set<(open: boolean) => void>} */
  #listeners = new Set();

  /**
   * @param {string} panelId
   * @param {string} buttonId toolbar button with aria-controls = panelId
   * @param {string} closeId the panel's own close button
   * @param {HTMLElement} focusOnOpen
   * @param {HTMLElement} [focusOnClose] where focus returns; the button unless it sits in a
   *   menu that is closed by then (the menu's own button)
   */
  constructor(panelId, buttonId, closeId, focusOnOpen, focusOnClose) {
    this.element = byId(panelId, HTMLElement);
    this.button = byId(buttonId, HTMLButtonElement);
    const returnTo = focusOnClose ?? this.button;
    this.button.addEventListener('click', () => this.toggle());
    byId(closeId, HTMLButtonElement).addEventListener('click', () => {
      this.setOpen(false);
      returnTo.focus();
    });
    this.element.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape') return;
      this.setOpen(false);
      returnTo.focus();
    });
    this.focusOnOpen = focusOnOpen;
    allPanels.add(this);
  }

  get open() {
    return !this.element.hidden;
  }

  toggle() {
    this.setOpen(!this.open);
  }

  /** @param {boolean} open */
  setOpen(open) {
    if (open) for (const other of allPanels) if (other !== this) other.setOpen(false);
    if (open === this.open) return;
    this.element.hidden = !open;
    this.button.setAttribute('aria-expanded', open ? 'true' : 'false');
    if (open) this.focusOnOpen.focus();
    for (const listener of this.#listeners) listener(open);
  }

  /** @param {(open: boolean) => void} listener */
  onToggle(listener) {
    this.#listeners.add(listener);
  }
}
