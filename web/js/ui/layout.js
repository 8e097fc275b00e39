// How the meeting's tiles are arranged: a paged grid, or speaker view (the pinned participant or the active speaker large, the others in a strip); self view hidden on request.

import { bindText } from '../i18n.js';
import { byId, setPressed } from './dom.js';

/** Most tiles one grid page shows; fewer on a small screen. */
function tilesPerPage() {
  return window.matchMedia('(max-width: 600px)').matches ? 4 : 9;
}

export class Layout {
  #grid = byId('grid', HTMLDivElement);
  #pager = byId('grid-pager', HTMLDivElement);
  #pageText = byId('grid-page', HTMLSpanElement);
  #prev = byId('grid-prev', HTMLButtonElement);
  #next = byId('grid-next', HTMLButtonElement);
  #speakerButton = byId('meeting-layout', HTMLButtonElement);
  #selfButton = byId('meeting-self-view', HTMLButtonElement);
  #fullscreenButton = byId('meeting-fullscreen', HTMLButtonElement);
  /** @type {'grid' | 'speaker'} */
  mode = 'grid';
  page = 0;
  pinned = '';
  speaker = '';
  selfId = '';
  hideSelf = false;

  constructor() {
    this.#prev.addEventListener('click', () => this.#turn(-1));
    this.#next.addEventListener('click', () => this.#turn(1));
    this.#speakerButton.addEventListener('click', () => {
      this.mode = this.mode === 'grid' ? 'speaker' : 'grid';
      this.update();
    });
    this.#selfButton.addEventListener('click', () => {
      this.hideSelf = !this.hideSelf;
      this.update();
    });
    const screen = byId('screen-meeting', HTMLElement);
    this.#fullscreenButton.hidden = !document.fullscreenEnabled;
    this.#fullscreenButton.addEventListener('click', () => {
      const request = document.fullscreenElement ? document.exitFullscreen() : screen.requestFullscreen();
      request.catch(() => {});
    });
    document.addEventListener('fullscreenchange', () => setPressed(this.#fullscreenButton, document.fullscreenElement !== null));
    window.addEventListener('resize', () => this.update());
  }

  /** Back to the defaults for a new meeting. */
  reset() {
    this.mode = 'grid';
    this.page = 0;
    this.pinned = '';
    this.speaker = '';
    this.hideSelf = false;
    if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
  }

  /** @param {string} id '' to unpin; pinning switches to speaker view */
  pin(id) {
    this.pinned = this.pinned === id ? '' : id;
    if (this.pinned) this.mode = 'speaker';
    this.update();
  }

  /** The participant shown large in speaker view: pinned, else the speaker, else the first other. */
  featured() {
    const ids = this.#ids();
    if (this.pinned && ids.includes(this.pinned)) return this.pinned;
    if (this.speaker && ids.includes(this.speaker)) return this.speaker;
    return ids.find((id) => id !== this.selfId) ?? ids[0] ?? '';
  }

  /** Applies mode, page and visibility to the tiles now in the grid. */
  update() {
    const tiles = /** @type {HTMLElement[]} */ ([...this.#grid.querySelectorAll(':scope > .tile:not([hidden])')]);
    for (const tile of tiles) {
      const id = tile.dataset.participant ?? '';
      tile.classList.toggle('self-hidden', this.hideSelf && id === this.selfId && tiles.length > 1);
      const pin = tile.querySelector('.tile-pin');
      if (pin instanceof HTMLButtonElement) setPressed(pin, id === this.pinned);
    }
    const shown = tiles.filter((t) => !t.classList.contains('self-hidden'));
    this.#grid.dataset.layout = this.mode;
    setPressed(this.#speakerButton, this.mode === 'speaker');
    setPressed(this.#selfButton, this.hideSelf);
    if (this.mode === 'speaker') {
      const featured = this.featured();
      for (const tile of tiles) {
        tile.classList.toggle('featured', tile.dataset.participant === featured);
        tile.classList.remove('off-page');
      }
      this.#grid.dataset.count = String(Math.min(shown.length, 10));
      this.#pager.hidden = true;
      return;
    }
    const perPage = tilesPerPage();
    const pages = Math.max(1, Math.ceil(shown.length / perPage));
    this.page = Math.min(this.page, pages - 1);
    shown.forEach((tile, i) => tile.classList.toggle('off-page', Math.floor(i / perPage) !== this.page));
    for (const tile of tiles) tile.classList.remove('featured');
    this.#grid.dataset.count = String(Math.min(pages > 1 ? perPage : shown.length, 10));
    this.#pager.hidden = pages === 1;
    this.#prev.disabled = this.page === 0;
    this.#next.disabled = this.page === pages - 1;
    bindText(this.#pageText, 'layout.page', { page: String(this.page + 1), pages: String(pages) });
  }

  /** @param {number} step */
  #turn(step) {
    this.page = Math.max(0, this.page + step);
    this.update();
  }

  #ids() {
    return [...this.#grid.querySelectorAll(':scope > .tile:not([hidden])')]
      .map((t) => /** @type {HTMLElement} */ (t).dataset.participant ?? '')
      .filter((id) => !(this.hideSelf && id === this.selfId));
  }
}
