// The meeting screen: a tile per participant (video, name, muted indicator, hand), remote audio, the toolbar, chat and participants panels, shortcuts.

import { applyTranslations, bindText, t } from '../i18n.js';
import { byId, setPressed, showScreen } from './dom.js';
import { bindDeviceToggle } from './device_toggle.js';
import { showError } from './errors.js';
import { ChatPanel } from './chat.js';
import { ParticipantsPanel } from './participants.js';
import { bindShortcuts } from './shortcuts.js';
import { Layout } from './layout.js';
import { E2eeStatusView } from './e2ee_status.js';
import { ModerationControls } from './moderation.js';
import { DoorControls } from './lobby.js';

/** @typedef {import('../devices.js').LocalMedia} LocalMedia */
/** @typedef {import('../protocol/signaling.js').Participant} Participant */
/** @typedef {import('../protocol/session.js').SessionEvents} SessionEvents */
/** @typedef {import('../protocol/session.js').Session} Session */

/**
 * @typedef {object} Tile
 * @property {HTMLElement} figure
 * @property {HTMLVideoElement} video
 * @property {HTMLElement} name
 * @property {HTMLElement} avatar
 * @property {HTMLElement} muted
 * @property {HTMLElement} hand
 * @property {HTMLButtonElement} pin
 * @property {HTMLAudioElement | null} audio remote audio sink, none for the self view
 */

export class MeetingView {
  /** @type {Map<string, Tile>} */
  #tiles = new Map();
  #selfId = '';
  #grid = byId('grid', HTMLDivElement);
  #stage = byId('stage', HTMLDivElement);
  #screensBox = byId('screens', HTMLDivElement);
  #sinks = byId('audio-sinks', HTMLDivElement);
  #alone = byId('meeting-alone', HTMLParagraphElement);
  #announcer = byId('announcer', HTMLParagraphElement);
  #alert = byId('meeting-alert', HTMLDivElement);
  #alertText = byId('meeting-alert-text', HTMLSpanElement);
  #template = byId('tile-template', HTMLTemplateElement);
  /** @type {LocalMedia} */
  #media;
  /** @type {Session | null} */
  #session = null;
  #selfName = '';
  #handButton = byId('meeting-hand', HTMLButtonElement);
  #chat = new ChatPanel({
    self: () => this.#selfId,
    nameOf: (id) => (id === this.#selfId ? this.#selfName : this.#session?.participants.get(id)?.name ?? null),
    send: (text, to) => this.#session?.sendChat(text, to || undefined) ?? false,
    announce: (text) => this.#announceText(text),
  });
  #people = new ParticipantsPanel();
  #moderation = new ModerationControls(byId('people-panel', HTMLElement), () => this.#session);
  #e2ee = new E2eeStatusView();
  #door = new DoorControls();
  #arrangement = new Layout();
  #screenButton = byId('meeting-screen', HTMLButtonElement);
  /** Screen tiles by participant; shown large while that participant shares. @type {Map<string, HTMLVideoElement>} */
  #screens = new Map();
  /** @type {MediaStreamTrack | null} */
  #ownScreen = null;

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
    this.#handButton.addEventListener('click', () => {
      this.#session?.setHand(this.#session.hand === null);
    });
    media.onChange(() => this.#updateSelf());
    this.#people.decorate = (item, p) => this.#moderation.decorate(item, p);
    this.#screenButton.hidden = !navigator.mediaDevices?.getDisplayMedia;
    this.#screenButton.addEventListener('click', () => {
      this.#toggleScreen().catch(() => this.showAlert('device-failed'));
    });
    bindShortcuts({
      m: byId('meeting-mic', HTMLButtonElement),
      v: byId('meeting-camera', HTMLButtonElement),
      h: this.#handButton,
      c: this.#chat.panel.button,
    }, () => this.#session !== null && document.body.dataset.screen === 'meeting');
  }

  /**
   * What the session tells the view; `ended` is left to the caller.
   * @returns {Omit<SessionEvents, 'ended'>}
   */
  sessionEvents() {
    return {
      participantJoined: (p) => {
        this.#updateTile(p);
        this.#rosterChanged();
        this.#announce('meeting.joined', p.name);
      },
      participantUpdated: (p) => {
        this.#updateTile(p);
        this.#rosterChanged();
      },
      participantLeft: (p) => {
        this.#removeTile(p.id);
        this.#rosterChanged();
        this.#announce('meeting.left', p.name);
      },
      selfHand: (hand) => {
        setPressed(this.#handButton, hand !== null);
        const tile = this.#tiles.get(this.#selfId);
        if (tile) showHand(tile, hand);
        this.#rosterChanged();
      },
      chat: (message) => this.#chat.receive(message),
      activeSpeaker: (id) => {
        for (const [tileId, tile] of this.#tiles) tile.figure.classList.toggle('speaking', tileId === id);
        this.#arrangement.speaker = id;
        this.#arrangement.update();
      },
      remoteTrack: (id, kind, track) => this.#attach(id, kind, track),
      encryptionChanged: () => this.#showEncryption(),
      selfRole: () => this.#moderationChanged(),
      moderationChanged: () => this.#moderationChanged(),
      doorChanged: () => this.#door.update(this.#session?.door ?? null, this.#session?.role === 'moderator'),
      // A moderator muted us or stopped our camera: the device goes off here too (the server
      // has already stopped forwarding it).
      selfModerated: (what) => {
        this.#media.set(what === 'muted' ? 'audio' : 'video', false).catch(() => {});
        this.showAlert(what === 'muted' ? 'muted-by-moderator' : 'camera-stopped-by-moderator');
      },
      error: (code) => this.showAlert(code),
      // docs/protocol.md "Reconnecting": a live-region banner while the connection is resumed.
      connectionChanged: (state) => {
        byId('meeting-reconnecting', HTMLDivElement).hidden = state !== 'reconnecting';
      },
    };
  }

  /**
   * Shows the screen after joining: the self view and everyone already present.
   * @param {Session} session
   * @param {string} name
   */
  show(session, name) {
    this.clear();
    const room = session.room;
    const selfId = session.self;
    const others = session.participants.values();
    this.#session = session;
    this.#selfName = name;
    this.#selfId = selfId;
    this.#arrangement.reset();
    this.#arrangement.selfId = selfId;
    const self = this.#ensureTile(selfId);
    self.figure.classList.add('tile-self');
    bindText(self.name, 'meeting.you', { name });
    bindText(self.pin, 'layout.pin', { name }, 'aria-label');
    self.avatar.textContent = initial(name);
    this.#updateSelf();
    for (const p of others) this.#updateTile(p);
    setPressed(this.#handButton, false);
    this.#moderationChanged();
    this.#showEncryption();
    const title = document.querySelector('title');
    if (title) bindText(title, 'meeting.title', { room });
    bindText(byId('meeting-heading', HTMLHeadingElement), 'meeting.title', { room });
    showScreen('meeting', byId('meeting-mic', HTMLButtonElement));
  }

  /** Removes every tile and audio sink. */
  clear() {
    for (const id of [...this.#tiles.keys()]) this.#removeTile(id);
    for (const id of [...this.#screens.keys()]) this.#showScreen(id, null);
    byId('meeting-mic', HTMLButtonElement).disabled = false;
    this.#screenButton.disabled = false;
    this.#ownScreen?.stop();
    this.#ownScreen = null;
    setPressed(this.#screenButton, false);
    this.#selfId = '';
    this.#session = null;
    this.#chat.clear();
    this.#e2ee.clear();
    this.#people.panel.setOpen(false);
    this.#moderation.update();
    this.#door.clear();
    this.showAlert(null);
    byId('meeting-reconnecting', HTMLDivElement).hidden = true;
    this.#announcer.textContent = '';
  }

  #showEncryption() {
    const status = this.#session?.encryption?.status;
    if (status) this.#e2ee.update(status, (id) => this.#session?.participants.get(id)?.name ?? '?');
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
    this.#rosterChanged();
  }

  /** What moderation allows this participant: the microphone and screen buttons, the tools. */
  #moderationChanged() {
    const session = this.#session;
    if (!session) return;
    byId('meeting-mic', HTMLButtonElement).disabled = !session.moderation.canUnmute;
    this.#screenButton.disabled = !session.moderation.canShare;
    if (!session.moderation.canShare && this.#ownScreen) this.#toggleScreen().catch(() => {});
    this.#moderation.update();
    this.#door.update(session.door, session.role === 'moderator');
    this.#rosterChanged();
  }

  /** The participants panel and the chat's recipients follow every roster change. */
  #rosterChanged() {
    const session = this.#session;
    if (!session) return;
    const { audio, video } = this.#media.tracks;
    this.#people.render([
      { id: this.#selfId, name: this.#selfName, audio: audio !== null, video: video !== null, hand: session.hand, self: true, role: session.role },
      ...[...session.participants.values()].map((p) => ({ ...p, hand: p.hand ?? null, self: false })),
    ]);
    this.#chat.setRecipients(session.participants.values(), session.role !== 'moderator' && session.settings.whoMayChat === 'moderators');
  }

  /** @param {Participant} p */
  #updateTile(p) {
    const tile = this.#ensureTile(p.id);
    tile.name.textContent = p.name;
    bindText(tile.pin, 'layout.pin', { name: p.name }, 'aria-label');
    tile.avatar.textContent = initial(p.name);
    tile.figure.classList.toggle('video-off', !p.video);
    tile.muted.hidden = p.audio;
    showHand(tile, p.hand ?? null);
    const screen = this.#screens.get(p.id);
    if (screen) screen.closest('figure')?.toggleAttribute('hidden', !p.screen);
    this.#updateStage();
  }

  /** Screens take the large area only while someone shares. */
  #updateStage() {
    this.#stage.classList.toggle('has-screens', [...this.#screensBox.children].some((f) => !(/** @type {HTMLElement} */ (f).hidden)));
  }

  /** Starts or stops sharing: the user picks a window, tab or screen (P34). */
  async #toggleScreen() {
    const session = this.#session;
    if (!session) return;
    if (this.#ownScreen) {
      const track = this.#ownScreen;
      this.#ownScreen = null;
      await session.setTrack('screen', null);
      track.stop();
      setPressed(this.#screenButton, false);
      return;
    }
    let stream;
    try {
      stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 15, max: 30 } }, audio: false });
    } catch {
      return;  // the user cancelled the picker
    }
    const track = stream.getVideoTracks()[0];
    if (!track) return;
    track.contentHint = 'detail';
    this.#ownScreen = track;
    // The browser's own "stop sharing" ends the track.
    track.addEventListener('ended', () => {
      if (this.#ownScreen === track) this.#toggleScreen().catch(() => {});
    });
    await session.setTrack('screen', track);
    setPressed(this.#screenButton, true);
  }

  /**
   * A participant's shared screen, shown large above the tiles; null removes it.
   * @param {string} id
   * @param {MediaStreamTrack | null} track
   */
  #showScreen(id, track) {
    let video = this.#screens.get(id);
    if (!track) {
      if (video) {
        video.srcObject = null;
        video.closest('figure')?.remove();
        this.#screens.delete(id);
      }
      this.#updateStage();
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
      const caption = document.createElement('figcaption');
      caption.className = 'tile-label';
      bindText(caption, 'screen.of', { name: this.#session?.participants.get(id)?.name ?? '?' });
      figure.append(video, caption);
      this.#screensBox.append(figure);
      this.#screens.set(id, video);
    }
    video.srcObject = new MediaStream([track]);
    video.play().catch(() => {});
    video.closest('figure')?.toggleAttribute('hidden', !this.#session?.participants.get(id)?.screen);
    this.#updateStage();
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
      hand: /** @type {HTMLElement} */ (figure.querySelector('.tile-hand')),
      pin: /** @type {HTMLButtonElement} */ (figure.querySelector('.tile-pin')),
      audio: null,
    };
    figure.classList.add('video-off');
    tile.pin.addEventListener('click', () => this.#arrangement.pin(id));
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
    this.#showScreen(id, null);
    this.#layout();
  }

  /**
   * @param {string} id
   * @param {'audio' | 'video' | 'screen'} kind
   * @param {MediaStreamTrack} track
   */
  #attach(id, kind, track) {
    if (kind === 'screen') {
      this.#showScreen(id, track);
      return;
    }
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
    this.#arrangement.update();
    this.#alone.hidden = this.#tiles.size !== 1;
  }

  /**
   * @param {string} key
   * @param {string} name
   */
  #announce(key, name) {
    this.#announceText(t(key, { name }));
  }

  /** @param {string} text */
  #announceText(text) {
    // Re-setting the same text would not be announced again; a changing suffix would be read.
    this.#announcer.removeAttribute('data-i18n');
    this.#announcer.textContent = this.#announcer.textContent === text ? `${text}\u00a0` : text;
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
