// The meeting's tiles: one per participant with video, name, muted indicator, connection indicator, hand and pin button, the self view among them, and the audio slots' elements.

import { applyTranslations, bindText } from '../i18n.js';
import { byId } from './dom.js';
import { Layout } from './layout.js';
import { showRating } from './connection_quality.js';

/** @typedef {import('../protocol/signaling.js').Participant} Participant */

/**
 * @typedef {object} Tile
 * @property {HTMLElement} figure
 * @property {HTMLVideoElement} video
 * @property {HTMLElement} name
 * @property {HTMLElement} avatar
 * @property {HTMLElement} muted
 * @property {HTMLElement} hand
 * @property {HTMLButtonElement} pin
 * @property {HTMLButtonElement} signal the connection indicator (remote tiles only)
 * @property {HTMLElement} signalDetails its figures, shown on demand
 */

/**
 * How long an audio slot must have carried someone before a recording takes its sound as theirs:
 * what the browser still buffers belongs to whoever the slot carried before.
 */
const kSlotSettleMs = 300;

export class TileGrid {
  /** @type {Map<string, Tile>} */
  #tiles = new Map();
  #grid = byId('grid', HTMLDivElement);
  #sinks = byId('audio-sinks', HTMLDivElement);
  /** The audio slots' sinks, by mid: each plays whoever the slot carries. @type {Map<string, HTMLAudioElement>} */
  #slots = new Map();
  /** Whom each audio slot carries, as its frames say, and since when. @type {Map<string, {participant: string, since: number}>} */
  #slotSenders = new Map();
  #alone = byId('meeting-alone', HTMLParagraphElement);
  #template = byId('tile-template', HTMLTemplateElement);
  #selfId = '';
  /** How the tiles are arranged (grid, speaker view, pin, self view). */
  arrangement = new Layout();
  /**
   * Called with every remote media element when it is created (the chosen speaker applies).
   * @type {(element: HTMLMediaElement) => void}
   */
  onRemoteElement = () => {};

  /**
   * Starts a meeting's tiles with the self view.
   * @param {string} selfId
   * @param {string} name
   */
  start(selfId, name) {
    this.#selfId = selfId;
    this.arrangement.reset();
    this.arrangement.selfId = selfId;
    const self = this.#ensure(selfId);
    self.figure.classList.add('tile-self');
    bindText(self.name, 'meeting.you', { name });
    bindText(self.pin, 'layout.pin', { name }, 'aria-label');
    self.avatar.textContent = initial(name);
  }

  /**
   * The self view follows the local devices.
   * @param {{audio: MediaStreamTrack | null, video: MediaStreamTrack | null}} tracks
   */
  updateSelf({ audio, video }) {
    const tile = this.#tiles.get(this.#selfId);
    if (!tile) return;
    if (tile.video.srcObject instanceof MediaStream ? tile.video.srcObject.getVideoTracks()[0] !== video : video) {
      tile.video.srcObject = video ? new MediaStream([video]) : null;
    }
    tile.figure.classList.toggle('video-off', video === null);
    tile.muted.hidden = audio !== null;
  }

  /** @param {number | null} hand */
  setSelfHand(hand) {
    const tile = this.#tiles.get(this.#selfId);
    if (tile) showHand(tile, hand);
  }

  /** @param {Participant} p */
  update(p) {
    const tile = this.#ensure(p.id);
    tile.name.textContent = p.name;
    bindText(tile.pin, 'layout.pin', { name: p.name }, 'aria-label');
    tile.avatar.textContent = initial(p.name);
    tile.figure.classList.toggle('video-off', !p.video);
    tile.muted.hidden = p.audio;
    showHand(tile, p.hand ?? null);
  }

  /** @param {string} id */
  remove(id) {
    const tile = this.#tiles.get(id);
    if (!tile) return;
    tile.video.srcObject = null;
    tile.figure.remove();
    this.#tiles.delete(id);
    this.#layout();
  }

  /** Removes every tile and audio element. */
  clear() {
    for (const id of [...this.#tiles.keys()]) this.remove(id);
    for (const audio of this.#slots.values()) {
      audio.srcObject = null;
      audio.remove();
    }
    this.#slots.clear();
    this.#slotSenders.clear();
    this.#selfId = '';
  }

  /**
   * A remote participant's camera track.
   * @param {string} id
   * @param {MediaStreamTrack} track
   */
  attachVideo(id, track) {
    const tile = this.#ensure(id);
    tile.video.srcObject = new MediaStream([track]);
    tile.video.play().catch(() => {});
  }

  /**
   * An audio slot's track (docs/protocol.md "Media model"): played as it is, whoever it carries.
   * @param {string} mid
   * @param {MediaStreamTrack} track
   */
  attachSlotAudio(mid, track) {
    let audio = this.#slots.get(mid);
    if (!audio) {
      audio = document.createElement('audio');
      audio.autoplay = true;
      audio.dataset.slot = mid;
      this.#slots.set(mid, audio);
      this.onRemoteElement(audio);
      this.#sinks.append(audio);
    }
    audio.srcObject = new MediaStream([track]);
    audio.play().catch(() => {});
  }

  /**
   * An audio slot now carries this participant, as its frames' keys say (docs/e2ee.md "Frames").
   * @param {string} mid
   * @param {string} participant
   */
  setSlotSender(mid, participant) {
    this.#slotSenders.set(mid, { participant, since: performance.now() });
  }

  /**
   * Participants in another breakout room: their tiles are hidden until we are in the same room
   * again (the server stops their media meanwhile, their audio included).
   * @param {Set<string>} away
   */
  setAway(away) {
    for (const [id, tile] of this.#tiles) {
      if (id === this.#selfId) continue;
      tile.figure.hidden = away.has(id);
    }
    this.#layout();
  }

  /**
   * The connection indicator of a remote tile (connection_quality.js); null hides it.
   * @param {string} id
   * @param {import('./connection_quality.js').Rating | null} rating
   */
  showSignal(id, rating) {
    const tile = this.#tiles.get(id);
    if (!tile || id === this.#selfId) return;
    tile.signal.hidden = rating === null;
    if (rating) showRating(tile.signal, tile.signalDetails, rating);
    else tile.signalDetails.hidden = true;
  }

  /** @param {string} id the active speaker, '' for none */
  setSpeaker(id) {
    for (const [tileId, tile] of this.#tiles) tile.figure.classList.toggle('speaking', tileId === id);
    this.arrangement.speaker = id;
    this.arrangement.update();
  }

  /**
   * What a recording may take of one participant (web/js/ui/recorder.js): the video element of
   * their tile and the track of the audio slot that carries them now, once it has for
   * kSlotSettleMs (a slot that moves on to someone else stops counting as theirs at once); null
   * when there is no tile.
   * @param {string} id
   * @returns {{video: HTMLVideoElement, audio: MediaStreamTrack | null} | null}
   */
  sources(id) {
    const tile = this.#tiles.get(id);
    if (!tile) return null;
    /** @type {MediaStreamTrack | null} */
    let audio = null;
    const now = performance.now();
    for (const [mid, carried] of this.#slotSenders) {
      if (carried.participant !== id || now - carried.since < kSlotSettleMs) continue;
      const stream = this.#slots.get(mid)?.srcObject;
      if (stream instanceof MediaStream) audio = stream.getAudioTracks()[0] ?? null;
    }
    return { video: tile.video, audio };
  }

  /**
   * Every remote camera video with whom it shows and its rank (view_report.js): the pinned
   * participant and the active speaker go up first when the link is short.
   * @returns {import('./view_report.js').ShownVideo[]}
   */
  shownVideos() {
    return [...this.#tiles].filter(([id]) => id !== this.#selfId).map(([id, tile]) => ({
      participant: id,
      source: /** @type {const} */ ('camera'),
      element: tile.video,
      rank: id === this.arrangement.pinned ? 'pinned' : id === this.arrangement.speaker ? 'speaker' : 'other',
    }));
  }

  /** Every remote audio and video element (for the chosen speaker). @returns {HTMLMediaElement[]} */
  remoteElements() {
    return [...[...this.#tiles].filter(([id]) => id !== this.#selfId).map(([, tile]) => tile.video), ...this.#slots.values()];
  }

  /**
   * @param {string} id
   * @returns {Tile}
   */
  #ensure(id) {
    const existing = this.#tiles.get(id);
    if (existing) return existing;
    const fragment = /** @type {DocumentFragment} */ (this.#template.content.cloneNode(true));
    const figure = /** @type {HTMLElement} */ (fragment.querySelector('.tile'));
    figure.dataset.participant = id;
    applyTranslations(figure);
    /** @type {Tile} */
    const tile = {
      figure,
      video: /** @type {HTMLVideoElement} */ (figure.querySelector('.tile-video')),
      name: /** @type {HTMLElement} */ (figure.querySelector('.tile-name')),
      avatar: /** @type {HTMLElement} */ (figure.querySelector('.tile-avatar')),
      muted: /** @type {HTMLElement} */ (figure.querySelector('.tile-muted')),
      hand: /** @type {HTMLElement} */ (figure.querySelector('.tile-hand')),
      pin: /** @type {HTMLButtonElement} */ (figure.querySelector('.tile-pin')),
      signal: /** @type {HTMLButtonElement} */ (figure.querySelector('.tile-signal')),
      signalDetails: /** @type {HTMLElement} */ (figure.querySelector('.tile-signal-details')),
    };
    figure.classList.add('video-off');
    tile.pin.addEventListener('click', () => this.arrangement.pin(id));
    tile.signal.addEventListener('click', () => {
      const open = tile.signal.getAttribute('aria-expanded') !== 'true';
      tile.signal.setAttribute('aria-expanded', String(open));
      tile.signalDetails.hidden = !open;
    });
    if (id !== this.#selfId) this.onRemoteElement(tile.video);
    this.#tiles.set(id, tile);
    this.#grid.append(figure);
    this.#layout();
    return tile;
  }

  #layout() {
    this.arrangement.update();
    this.#alone.hidden = [...this.#tiles.values()].filter((tile) => !tile.figure.hidden).length !== 1;
  }
}

/**
 * @param {Tile} tile
 * @param {number | null} hand
 */
function showHand(tile, hand) {
  tile.hand.hidden = hand === null;
  const count = /** @type {HTMLElement} */ (tile.hand.querySelector('.tile-hand-position'));
  count.textContent = hand === null ? '' : String(hand);
  if (hand !== null) bindText(tile.hand, 'people.hand', { position: String(hand) }, 'aria-label');
}

/**
 * The first character of a name, for the tile shown while the camera is off.
 * @param {string} name
 */
function initial(name) {
  return ([...name.trim()][0] ?? '?').toLocaleUpperCase();
}
