// The meeting screen: a tile per participant (video, name, muted indicator), remote audio, and the microphone, camera and leave controls.

import { applyTranslations, bindText } from '../i18n.js';
import { byId, showScreen } from './dom.js';
import { bindDeviceToggle } from './device_toggle.js';
import { showError } from './errors.js';

/** @typedef {import('../devices.js').LocalMedia} LocalMedia */
/** @typedef {import('../protocol/signaling.js').Participant} Participant */
/** @typedef {import('../protocol/session.js').SessionEvents} SessionEvents */

/**
 * @typedef {object} Tile
 * @property {HTMLElement} figure
 * @property {HTMLVideoElement} video
 * @property {HTMLElement} name
 * @property {HTMLElement} avatar
 * @property {HTMLElement} muted
 * @property {HTMLAudioElement | null} audio remote audio sink, none for the self view
 */

export class MeetingView {
  /** @type {Map<string, Tile>} */
  #tiles = new Map();
  #selfId = '';
  #grid = byId('grid', HTMLDivElement);
  #sinks = byId('audio-sinks', HTMLDivElement);
  #alone = byId('meeting-alone', HTMLParagraphElement);
  #announcer = byId('announcer', HTMLParagraphElement);
  #alert = byId('meeting-alert', HTMLDivElement);
  #alertText = byId('meeting-alert-text', HTMLSpanElement);
  #template = byId('tile-template', HTMLTemplateElement);
  /** @type {LocalMedia} */
  #media;

  /**
   * @param {LocalMedia} media
   * @param {() => void} onLeave
   */
  constructor(media, onLeave) {
    this.#media = media;
    /** @param {string | null} code */
    const onError = (code) => this.showAlert(code);
    bindDeviceToggle(byId('meeting-mic', HTMLButtonElement), media, 'audio', onError);
    bindDeviceToggle(byId('meeting-camera', HTMLButtonElement), media, 'video', onError);
    byId('meeting-leave', HTMLButtonElement).addEventListener('click', onLeave);
    byId('meeting-alert-dismiss', HTMLButtonElement).addEventListener('click', () => this.showAlert(null));
    media.onChange(() => this.#updateSelf());
  }

  /**
   * What the session tells the view; `ended` is left to the caller.
   * @returns {Omit<SessionEvents, 'ended'>}
   */
  sessionEvents() {
    return {
      participantJoined: (p) => {
        this.#updateTile(p);
        this.#announce('meeting.joined', p.name);
      },
      participantUpdated: (p) => this.#updateTile(p),
      participantLeft: (p) => {
        this.#removeTile(p.id);
        this.#announce('meeting.left', p.name);
      },
      remoteTrack: (id, kind, track) => this.#attach(id, kind, track),
      error: (code) => this.showAlert(code),
    };
  }

  /**
   * Shows the screen after joining: the self view and everyone already present.
   * @param {string} room
   * @param {string} selfId
   * @param {string} name
   * @param {Iterable<Participant>} others
   */
  show(room, selfId, name, others) {
    this.clear();
    this.#selfId = selfId;
    const self = this.#ensureTile(selfId);
    self.figure.classList.add('tile-self');
    bindText(self.name, 'meeting.you', { name });
    self.avatar.textContent = initial(name);
    this.#updateSelf();
    for (const p of others) this.#updateTile(p);
    const title = document.querySelector('title');
    if (title) bindText(title, 'meeting.title', { room });
    bindText(byId('meeting-heading', HTMLHeadingElement), 'meeting.title', { room });
    showScreen('meeting', byId('meeting-mic', HTMLButtonElement));
  }

  /** Removes every tile and audio sink. */
  clear() {
    for (const id of [...this.#tiles.keys()]) this.#removeTile(id);
    this.#selfId = '';
    this.showAlert(null);
    this.#announcer.textContent = '';
  }

  /** @param {string | null} code an error code, or null to hide the banner */
  showAlert(code) {
    showError(this.#alertText, code);
    this.#alert.hidden = code === null;
  }

  #updateSelf() {
    const tile = this.#tiles.get(this.#selfId);
    if (!tile) return;
    const { audio, video } = this.#media.tracks;
    if (tile.video.srcObject instanceof MediaStream ? tile.video.srcObject.getVideoTracks()[0] !== video : video) {
      tile.video.srcObject = video ? new MediaStream([video]) : null;
    }
    tile.figure.classList.toggle('video-off', video === null);
    tile.muted.hidden = audio !== null;
  }

  /** @param {Participant} p */
  #updateTile(p) {
    const tile = this.#ensureTile(p.id);
    tile.name.textContent = p.name;
    tile.avatar.textContent = initial(p.name);
    tile.figure.classList.toggle('video-off', !p.video);
    tile.muted.hidden = p.audio;
  }

  /**
   * @param {string} id
   * @returns {Tile}
   */
  #ensureTile(id) {
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
      audio: null,
    };
    figure.classList.add('video-off');
    this.#tiles.set(id, tile);
    this.#grid.append(figure);
    this.#layout();
    return tile;
  }

  /** @param {string} id */
  #removeTile(id) {
    const tile = this.#tiles.get(id);
    if (!tile) return;
    tile.video.srcObject = null;
    if (tile.audio) {
      tile.audio.srcObject = null;
      tile.audio.remove();
    }
    tile.figure.remove();
    this.#tiles.delete(id);
    this.#layout();
  }

  /**
   * @param {string} id
   * @param {'audio' | 'video'} kind
   * @param {MediaStreamTrack} track
   */
  #attach(id, kind, track) {
    const tile = this.#ensureTile(id);
    if (kind === 'video') {
      tile.video.srcObject = new MediaStream([track]);
      tile.video.play().catch(() => {});
      return;
    }
    if (!tile.audio) {
      tile.audio = document.createElement('audio');
      tile.audio.autoplay = true;
      tile.audio.dataset.participant = id;
      this.#sinks.append(tile.audio);
    }
    tile.audio.srcObject = new MediaStream([track]);
    tile.audio.play().catch(() => {});
  }

  #layout() {
    this.#grid.dataset.count = String(Math.min(this.#tiles.size, 10));
    this.#alone.hidden = this.#tiles.size !== 1;
  }

  /**
   * @param {string} key
   * @param {string} name
   */
  #announce(key, name) {
    bindText(this.#announcer, key, { name });
  }
}

/**
 * The first character of a name, for the tile shown while the camera is off.
 * @param {string} name
 */
function initial(name) {
  return ([...name.trim()][0] ?? '?').toLocaleUpperCase();
}
