// Reactions: the toolbar's reactions menu sends one of a fixed set; a received reaction shows for a few seconds over the sender's tile, drawn with our own icon, and is announced in the live region.

import { t } from '../i18n.js';
import { byId } from './dom.js';
import { MenuButton } from './menu_button.js';

/** The fixed set, as the server checks it (docs/protocol.md "reaction"). */
export const kReactions = /** @type {const} */ (['thumbs-up', 'applause', 'heart', 'laugh', 'surprised', 'raised-hands']);
/** @typedef {typeof kReactions[number]} Reaction */

/** How long a reaction stays over a tile. */
const kShowMs = 4000;

/**
 * @param {unknown} value
 * @returns {value is Reaction}
 */
export function isReaction(value) {
  return kReactions.includes(/** @type {Reaction} */ (value));
}

export class ReactionsView {
  #menu = new MenuButton(byId('meeting-reactions', HTMLButtonElement), byId('reactions-menu', HTMLElement));
  /** @type {Map<string, ReturnType<typeof setTimeout>>} tile → timer that hides its reaction */
  #timers = new Map();
  /** @type {(id: string) => string} */
  #nameOf;
  /** @type {(text: string) => void} */
  #announce;

  /**
   * @param {object} hooks
   * @param {(reaction: Reaction) => void} hooks.send
   * @param {(id: string) => string} hooks.nameOf the name to announce, "(you)" included for oneself
   * @param {(text: string) => void} hooks.announce the polite live region
   */
  constructor({ send, nameOf, announce }) {
    this.#nameOf = nameOf;
    this.#announce = announce;
    this.#menu.menu.addEventListener('click', (event) => {
      const item = event.target instanceof Element ? event.target.closest('[data-reaction]') : null;
      const reaction = item instanceof HTMLElement ? item.dataset.reaction : undefined;
      if (isReaction(reaction)) send(reaction);
    });
  }

  /**
   * Shows `reaction` over the tile of `from` and announces it.
   * @param {string} from
   * @param {Reaction} reaction
   */
  show(from, reaction) {
    const label = t(`reaction.${reaction}`);
    this.#announce(t('reaction.announce', { name: this.#nameOf(from), reaction: label }));
    const badge = document.querySelector(`#grid .tile[data-participant="${CSS.escape(from)}"] .tile-reaction`);
    if (!(badge instanceof HTMLElement)) return;
    badge.querySelector('use')?.setAttribute('href', `#icon-reaction-${reaction}`);
    badge.dataset.reaction = reaction;
    badge.setAttribute('aria-label', label);
    badge.hidden = false;
    // A newer reaction of the same person replaces the old one and starts its time afresh.
    clearTimeout(this.#timers.get(from));
    this.#timers.set(from, setTimeout(() => {
      badge.hidden = true;
      this.#timers.delete(from);
    }, kShowMs));
  }

  /** Between meetings: no reaction left showing, the menu closed. */
  clear() {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    for (const badge of document.querySelectorAll('#grid .tile-reaction')) /** @type {HTMLElement} */ (badge).hidden = true;
    this.#menu.close(false);
  }
}
