// A menu button after the WAI-ARIA "menu button" pattern: the button opens a popup menu, arrow keys move between its items, Escape or Tab closes it and focus returns to the button.

/**
 * Menu items that can take focus now (hidden ones, those a media query hides, and disabled ones are skipped).
 * @param {HTMLElement} menu
 * @returns {HTMLElement[]}
 */
function visibleItems(menu) {
  return /** @type {HTMLElement[]} */ ([...menu.querySelectorAll('[role^="menuitem"]')])
    .filter((item) => !item.hidden && !(item instanceof HTMLButtonElement && item.disabled) && item.getClientRects().length > 0);
}

export class MenuButton {
  /** @type {HTMLButtonElement} */
  button;
  /** @type {HTMLElement} */
  menu;

  /**
   * @param {HTMLButtonElement} button carries aria-haspopup="menu" and aria-controls = the menu's id
   * @param {HTMLElement} menu role="menu", hidden while closed
   */
  constructor(button, menu) {
    this.button = button;
    this.menu = menu;
    for (const item of menu.querySelectorAll('[role^="menuitem"]')) item.setAttribute('tabindex', '-1');
    button.addEventListener('click', () => (this.open ? this.close(true) : this.show('first')));
    button.addEventListener('keydown', (event) => {
      if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
      event.preventDefault();
      this.show(event.key === 'ArrowDown' ? 'first' : 'last');
    });
    menu.addEventListener('keydown', (event) => this.#onKey(event));
    // Choosing an item closes the menu; the item's own click handler (which runs first) does the
    // work. Focus returns to the button unless that handler moved it on, e.g. into a panel it opened.
    menu.addEventListener('click', (event) => {
      const item = event.target instanceof Element ? event.target.closest('[role^="menuitem"]') : null;
      if (item) this.close(menu.contains(document.activeElement) || document.activeElement === document.body);
    });
    document.addEventListener('pointerdown', (event) => {
      const target = /** @type {Node | null} */ (event.target);
      if (this.open && target && !menu.contains(target) && !button.contains(target)) this.close(false);
    });
    menu.addEventListener('focusout', (event) => {
      const next = /** @type {Node | null} */ (event.relatedTarget);
      if (this.open && next && !menu.contains(next) && next !== button) this.close(false);
    });
  }

  get open() {
    return !this.menu.hidden;
  }

  /** @param {'first' | 'last'} which the item to focus */
  show(which) {
    this.menu.hidden = false;
    this.button.setAttribute('aria-expanded', 'true');
    const items = visibleItems(this.menu);
    (which === 'first' ? items[0] : items[items.length - 1])?.focus();
  }

  /** @param {boolean} returnFocus move focus back to the button */
  close(returnFocus) {
    if (!this.open) return;
    this.menu.hidden = true;
    this.button.setAttribute('aria-expanded', 'false');
    if (returnFocus) this.button.focus();
  }

  /** @param {KeyboardEvent} event */
  #onKey(event) {
    const items = visibleItems(this.menu);
    const at = items.indexOf(/** @type {HTMLElement} */ (document.activeElement));
    /** @type {HTMLElement | undefined} */
    let next;
    switch (event.key) {
      case 'ArrowDown': next = items[(at + 1) % items.length]; break;
      case 'ArrowUp': next = items[(at - 1 + items.length) % items.length]; break;
      case 'Home': next = items[0]; break;
      case 'End': next = items[items.length - 1]; break;
      case 'Escape':
        event.preventDefault();
        event.stopPropagation();
        this.close(true);
        return;
      case 'Tab':
        this.close(false);
        this.button.focus();  // Tab then moves on from the button, as from any toolbar control
        return;
      default:
        return;
    }
    event.preventDefault();
    next?.focus();
  }
}
