// Shared screens shown large above the tiles: one per participant who shares, visible only while the server says they share.

import { bindText } from '../i18n.js';
import { byId } from './dom.js';

export class ScreenStage {
  #stage = byId('stage', HTMLDivElement);
  #box = byId('screens', HTMLDivElement);
  /** Screen videos by participant. @type {Map<string, HTMLVideoElement>} */
  #screens = new Map();
  /**
   * Called with every screen video when it is created (the chosen speaker applies).
   * @type {(element: HTMLMediaElement) => void}
   */
  onRemoteElement = () => {};

  /**
   * @param {(id: string) => string} nameOf display name for the caption
   * @param {(id: string) => boolean} sharing whether the participant shares now
   */
  constructor(nameOf, sharing) {
    this.nameOf = nameOf;
    this.sharing = sharing;
  }

  /**
   * A participant's screen track; null removes it.
   * @param {string} id
   * @param {MediaStreamTrack | null} track
   */
  show(id, track) {
    let video = this.#screens.get(id);
    if (!track) {
      if (video) {
        video.srcObject = null;
        video.closest('figure')?.remove();
        this.#screens.delete(id);
      }
      this.#update();
      return;
    }
    if (!video) {
      const figure = document.createElement('figure');
      figure.className = 'screen-tile';
      figure.dataset.screen = id;
      video = document.createElement('video');
      video.autoplay = true;
      video.playsInline = true;
      video.muted = true;
      this.onRemoteElement(video);
      const caption = document.createElement('figcaption');
      caption.className = 'tile-label';
      bindText(caption, 'screen.of', { name: this.nameOf(id) });
      figure.append(video, caption);
      this.#box.append(figure);
      this.#screens.set(id, video);
    }
    video.srcObject = new MediaStream([track]);
    video.play().catch(() => {});
    this.setSharing(id, this.sharing(id));
  }

  /**
   * Shows or hides a participant's screen as they start or stop sharing.
   * @param {string} id
   * @param {boolean} sharing
   */
  setSharing(id, sharing) {
    this.#screens.get(id)?.closest('figure')?.toggleAttribute('hidden', !sharing);
    this.#update();
  }

  /**
   * Every screen video with whose screen it shows (view_report.js).
   * @returns {import('./view_report.js').ShownVideo[]}
   */
  shownVideos() {
    return [...this.#screens].map(([id, element]) => ({ participant: id, source: 'screen', element, rank: 'other' }));
  }

  /** Every screen video (for the chosen speaker). */
  elements() {
    return [...this.#screens.values()];
  }

  clear() {
    for (const id of [...this.#screens.keys()]) this.show(id, null);
  }

  /** Screens take the large area only while someone shares. */
  #update() {
    this.#stage.classList.toggle('has-screens', [...this.#box.children].some((f) => !(/** @type {HTMLElement} */ (f).hidden)));
  }
}
