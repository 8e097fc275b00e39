// What this page shows, told to the server (docs/protocol.md "view"): the remote videos on screen, each tile's size in device pixels and rank, so that the server sends no video nobody sees and none larger than its tile; nothing while the tab is hidden or in "audio only".

/** @typedef {'auto' | 'data-saver' | 'audio-only'} VideoQuality */

/**
 * @typedef {object} ShownVideo
 * @property {string} participant
 * @property {'camera' | 'screen'} source
 * @property {HTMLVideoElement} element
 * @property {'speaker' | 'pinned' | 'other'} rank
 */

/** @typedef {{participant: string, source: 'camera' | 'screen', width: number, height: number, rank: 'speaker' | 'pinned' | 'other'}} ViewTile */

/** How often the page looks at its tiles; a view goes out only when they changed. */
const kCheckMs = 500;
/** Data saver: no tile asks for more than the lowest layer's picture. */
const kSaverWidth = 160;
const kSaverHeight = 90;
/** While this browser records, every video counts as shown at least this large. */
const kRecordingWidth = 640;
const kRecordingHeight = 360;

export class ViewReport {
  /** @type {(tiles: ViewTile[]) => void} */
  #send;
  /** @type {() => ShownVideo[]} */
  #videos;
  /** @type {() => boolean} */
  #recording;
  /** @type {ReturnType<typeof setInterval> | null} */
  #timer = null;
  #last = '';
  /** Whose camera the last view showed. @type {Set<string>} */
  #showing = new Set();
  /** @type {VideoQuality} */
  quality = 'auto';

  /**
   * @param {(tiles: ViewTile[]) => void} send
   * @param {() => ShownVideo[]} videos every remote video element with whom it shows
   * @param {() => boolean} recording whether this browser records now (it needs every video)
   */
  constructor(send, videos, recording) {
    this.#send = send;
    this.#videos = videos;
    this.#recording = recording;
    document.addEventListener('visibilitychange', () => this.check());
  }

  start() {
    this.stop();
    this.#last = '';
    this.#timer = setInterval(() => this.check(), kCheckMs);
    this.check();
  }

  stop() {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }

  /** @param {VideoQuality} quality */
  setQuality(quality) {
    this.quality = quality;
    this.check();
  }

  /**
   * Whether the page shows this participant's camera now (so that it should arrive).
   * @param {string} id
   */
  shows(id) {
    return this.#showing.has(id);
  }

  /** Sends the view if it changed since the last one. */
  check() {
    if (this.#timer === null) return;
    const tiles = this.#tiles();
    const text = JSON.stringify(tiles);
    if (text === this.#last) return;
    this.#last = text;
    this.#showing = new Set(tiles.filter((tile) => tile.source === 'camera').map((tile) => tile.participant));
    this.#send(tiles);
  }

  /** @returns {ViewTile[]} */
  #tiles() {
    const recording = this.#recording();
    if (!recording && (document.hidden || this.quality === 'audio-only')) return [];
    const scale = window.devicePixelRatio || 1;
    /** @type {ViewTile[]} */
    const tiles = [];
    for (const { participant, source, element, rank } of this.#videos()) {
      const box = element.getBoundingClientRect();
      let width = Math.round(box.width * scale);
      let height = Math.round(box.height * scale);
      if (recording) {
        width = Math.max(width, kRecordingWidth);
        height = Math.max(height, kRecordingHeight);
      } else if (width === 0 || height === 0) {
        continue;  // not laid out: another grid page, a hidden tile, a camera that is off
      } else if (this.quality === 'data-saver') {
        width = Math.min(width, kSaverWidth);
        height = Math.min(height, kSaverHeight);
      }
      tiles.push({ participant, source, width: Math.min(width, 16384), height: Math.min(height, 16384), rank });
    }
    return tiles;
  }
}
