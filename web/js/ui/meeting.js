// The meeting screen: wires the session's events to the tiles, shared screens, toolbar (with its reactions and "More" menus), panels (chat, participants, polls, settings), invite and notices.

import { bindText, t } from '../i18n.js';
import { byId, setPressed, showScreen } from './dom.js';
import { bindDeviceToggle } from './device_toggle.js';
import { ChatPanel } from './chat.js';
import { ParticipantsPanel } from './participants.js';
import { bindShortcuts } from './shortcuts.js';
import { E2eeStatusView } from './e2ee_status.js';
import { ModerationControls } from './moderation.js';
import { DoorControls } from './lobby.js';
import { MeetingNotices } from './notices.js';
import { TileGrid } from './tiles.js';
import { ScreenStage } from './screen_stage.js';
import { ScreenShare } from './screen_share.js';
import { SpeakerOutput } from './speaker.js';
import { SettingsPanel } from './settings.js';
import { InviteControl } from './invite.js';
import { MenuButton } from './menu_button.js';
import { ReactionsView, isReaction } from './reactions.js';
import { PollsPanel } from './polls.js';
import { RecordingControls } from './recording.js';
import { BreakoutControls } from './breakouts.js';
import { ViewReport } from './view_report.js';
import { ConnectionIndicators } from './connection_indicators.js';

/** @typedef {import('../devices.js').LocalMedia} LocalMedia */
/** @typedef {import('../protocol/session.js').SessionEvents} SessionEvents */
/** @typedef {import('../protocol/session.js').Session} Session */

export class MeetingView {
  #selfId = '';
  #selfName = '';
  /** @type {LocalMedia} */
  #media;
  /** @type {Session | null} */
  #session = null;
  /** Alerts, the connection banner (for reconnect handling) and the live region. */
  #notices = new MeetingNotices();
  #tiles = new TileGrid();
  #screens = new ScreenStage(
    (id) => this.#session?.participants.get(id)?.name ?? '?',
    (id) => this.#session?.participants.get(id)?.screen ?? false);
  #share = new ScreenShare(() => this.#session, (code) => this.showAlert(code));
  #micButton = byId('meeting-mic', HTMLButtonElement);
  #handButton = byId('meeting-hand', HTMLButtonElement);
  #chat = new ChatPanel({
    self: () => this.#selfId,
    nameOf: (id) => (id === this.#selfId ? this.#selfName : this.#session?.participants.get(id)?.name ?? null),
    send: (text, to) => this.#session?.sendChat(text, to || undefined) ?? false,
    announce: (text) => this.#notices.announce(text),
  });
  #people = new ParticipantsPanel();
  #moderation = new ModerationControls(byId('people-panel', HTMLElement), () => this.#session);
  #e2ee = new E2eeStatusView();
  #door = new DoorControls();
  #speaker = new SpeakerOutput(() => [...this.#tiles.remoteElements(), ...this.#screens.elements()]);
  /** @type {SettingsPanel} */
  #settings;
  #invite = new InviteControl();
  #polls = new PollsPanel({
    polls: () => this.#session?.polls ?? null,
    self: () => this.#selfId,
    moderator: () => this.#session?.role === 'moderator',
    nameOf: (id) => (id === this.#selfId ? t('meeting.you', { name: this.#selfName })
      : this.#session?.participants.get(id)?.name ?? '?'),
    announce: (text) => this.#notices.announce(text),
    error: (code) => this.showAlert(code),
  });
  /** Recording with consent (P25): the moderator's menu item, the question, the indicator. */
  #recording = new RecordingControls({
    session: () => this.#session,
    self: () => this.#selfId,
    nameOf: (id) => (id === this.#selfId ? this.#selfName : this.#session?.participants.get(id)?.name ?? '?'),
    sourcesOf: (id) => {
      const sources = this.#tiles.sources(id);
      // The self view plays no audio here: the recording takes the microphone itself.
      return sources && id === this.#selfId ? { ...sources, audio: this.#media.tracks.audio } : sources;
    },
    announce: (text) => this.#notices.announce(text),
  });
  #breakouts = new BreakoutControls({
    session: () => this.#session,
    nameOf: (id) => (id === this.#selfId ? this.#selfName : this.#session?.participants.get(id)?.name ?? '?'),
    announce: (text) => this.#notices.announce(text),
  });
  /** The videos this page shows, told to the server (docs/protocol.md "view"). */
  #view = new ViewReport(
    (tiles) => this.#session?.sendView(tiles),
    () => [...this.#tiles.shownVideos(), ...this.#screens.shownVideos()],
    () => this.#recording.recordingHere);
  /** Each remote tile's connection indicator. */
  #signals = new ConnectionIndicators(
    () => {
      const peer = this.#session?.peer;
      return peer ? { pc: peer.pc, streams: peer.streams } : null;
    },
    (id) => {
      const p = this.#session?.participants.get(id);
      return { audio: p?.audio ?? false, video: (p?.video ?? false) && this.#view.shows(id) };
    },
    (id, rating) => this.#tiles.showSignal(id, rating));
  /** Secondary actions (layout, self view, full screen, invite, polls, recording, breakout rooms, settings) behind "More". */
  #more = new MenuButton(byId('meeting-more', HTMLButtonElement), byId('more-menu', HTMLElement));
  #reactions = new ReactionsView({
    send: (reaction) => this.#session?.sendReaction(reaction),
    nameOf: (id) => (id === this.#selfId ? t('meeting.you', { name: this.#selfName })
      : this.#session?.participants.get(id)?.name ?? '?'),
    announce: (text) => this.#notices.announce(text),
  });

  /**
   * @param {LocalMedia} media
   * @param {() => void} onLeave
   */
  constructor(media, onLeave) {
    this.#media = media;
    /** @param {string | null} code */
    const onError = (code) => this.showAlert(code);
    bindDeviceToggle(this.#micButton, media, 'audio', onError);
    bindDeviceToggle(byId('meeting-camera', HTMLButtonElement), media, 'video', onError);
    this.#settings = new SettingsPanel(media, this.#speaker, onError);
    this.#settings.onQuality = (quality) => this.#view.setQuality(quality);
    this.#tiles.onRemoteElement = (element) => void this.#speaker.apply(element);
    this.#screens.onRemoteElement = (element) => void this.#speaker.apply(element);
    byId('meeting-leave', HTMLButtonElement).addEventListener('click', onLeave);
    this.#handButton.addEventListener('click', () => {
      this.#session?.setHand(this.#session.hand === null);
    });
    media.onChange(() => this.#updateSelf());
    this.#people.decorate = (item, p) => this.#moderation.decorate(item, p);
    bindShortcuts({
      m: this.#micButton,
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
        this.#tiles.update(p);
        this.#screens.setSharing(p.id, p.screen ?? false);
        this.#rosterChanged();
        this.#notices.announce(t('meeting.joined', { name: p.name }));
      },
      participantUpdated: (p) => {
        this.#tiles.update(p);
        this.#screens.setSharing(p.id, p.screen ?? false);
        this.#rosterChanged();
      },
      participantLeft: (p) => {
        this.#tiles.remove(p.id);
        this.#screens.show(p.id, null);
        this.#rosterChanged();
        this.#notices.announce(t('meeting.left', { name: p.name }));
      },
      selfHand: (hand) => {
        setPressed(this.#handButton, hand !== null);
        this.#tiles.setSelfHand(hand);
        this.#rosterChanged();
      },
      chat: (message) => this.#chat.receive(message),
      activeSpeaker: (id) => this.#tiles.setSpeaker(id),
      reaction: (from, reaction) => {
        if (isReaction(reaction)) this.#reactions.show(from, reaction);
      },
      reactionRefused: () => this.#notices.announce(t('reaction.slow-down')),
      pollChanged: (id, what) => this.#polls.changed(id, what),
      // Before `show` the session keeps the state, which `show` applies.
      recording: (active, by, allowed) => {
        if (!this.#session) return;
        this.#recording.changed(active, by, allowed);
        this.#rosterChanged();
      },
      recordingConsent: (from, consent) => this.#recording.consent(from, consent),
      remoteTrack: (id, kind, track) => {
        if (kind === 'screen') this.#screens.show(id, track);
        else if (kind === 'video') this.#tiles.attachVideo(id, track);
      },
      slotAudio: (mid, track) => this.#tiles.attachSlotAudio(mid, track),
      slotSender: (mid, id) => this.#tiles.setSlotSender(mid, id),
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
      // Breakout rooms: the others in our room stay on screen, everyone else goes until we meet again.
      breakoutsChanged: () => this.#rosterChanged(),
      breakoutBroadcast: (from, text) => this.#breakouts.showBroadcast(from, text),
      breakoutRefused: (code) => this.#breakouts.showRefusal(code),
      error: (code) => this.showAlert(code),
      // docs/protocol.md "Reconnecting": a live-region banner while the connection is resumed.
      mediaPath: (path) => this.#notices.showPath(path),
      connectionChanged: (state) => this.showConnection(state === 'reconnecting' ? 'meeting.reconnecting' : null),
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
    this.#session = session;
    this.#selfName = name;
    this.#selfId = session.self;
    this.#tiles.start(session.self, name);
    this.#updateSelf();
    for (const p of session.participants.values()) this.#tiles.update(p);
    setPressed(this.#handButton, false);
    // A recording the server announced before this view was shown (right after `joined`).
    this.#recording.changed(session.recording.active, session.recording.by, session.recording.allowed);
    this.#moderationChanged();
    this.#showEncryption();
    const title = document.querySelector('title');
    if (title) bindText(title, 'meeting.title', { room });
    bindText(byId('meeting-heading', HTMLHeadingElement), 'meeting.title', { room });
    showScreen('meeting', this.#micButton);
    this.#view.start();
    this.#signals.start();
  }

  /** Removes every tile and audio sink. */
  clear() {
    this.#view.stop();
    this.#signals.stop();
    this.#view.setQuality('auto');
    this.#settings.resetQuality();
    this.#tiles.clear();
    this.#screens.clear();
    this.#micButton.disabled = false;
    this.#share.clear();
    this.#selfId = '';
    this.#session = null;
    this.#chat.clear();
    this.#e2ee.clear();
    this.#people.panel.setOpen(false);
    this.#settings.panel.setOpen(false);
    this.#polls.clear();
    this.#recording.clear();
    this.#invite.clear();
    this.#reactions.clear();
    this.#breakouts.clear();
    this.#more.close(false);
    this.#moderation.update();
    this.#door.clear();
    this.#notices.clear();
  }

  /** @param {string | null} code an error code, or null to hide the banner */
  showAlert(code) {
    this.#notices.showAlert(code);
  }

  /**
   * The connection banner: reconnect handling shows its state here (e.g. a catalogue key for
   * "reconnecting…"), null hides it.
   * @param {string | null} key
   */
  showConnection(key) {
    this.#notices.showConnection(key);
  }

  #showEncryption() {
    const status = this.#session?.encryption?.status;
    if (status) {
      const nameOf = (/** @type {string} */ id) =>
        (id === this.#selfId ? this.#selfName : this.#session?.participants.get(id)?.name ?? '?');
      this.#e2ee.update(status, nameOf);
    }
  }

  #updateSelf() {
    if (!this.#session) return;
    this.#tiles.updateSelf(this.#media.tracks);
    this.#rosterChanged();
  }

  /** What moderation allows this participant: the microphone and screen buttons, the tools. */
  #moderationChanged() {
    const session = this.#session;
    if (!session) return;
    this.#micButton.disabled = !session.moderation.canUnmute;
    this.#share.setAllowed(session.moderation.canShare);
    this.#moderation.update();
    this.#door.update(session.door, session.role === 'moderator');
    this.#polls.setAllowed(session.role === 'moderator' || session.settings.whoMayPoll === 'everyone');
    this.#recording.setModerator(session.role === 'moderator');
    this.#rosterChanged();
  }

  /** The participants panel and the chat's recipients follow every roster change. */
  #rosterChanged() {
    const session = this.#session;
    if (!session) return;
    const { audio, video } = this.#media.tracks;
    // P13: whoever records is marked in the list too.
    const recorder = session.recording.active ? session.recording.by : '';
    this.#people.render([
      { id: this.#selfId, name: this.#selfName, audio: audio !== null, video: video !== null, hand: session.hand, self: true, role: session.role,
        recording: recorder === this.#selfId },
      ...[...session.participants.values()].map((p) => ({ ...p, hand: p.hand ?? null, self: false, recording: recorder === p.id })),
    ]);
    this.#recording.rosterChanged();
    // Private messages reach only those in our breakout room (the server refuses the others).
    const withUs = (/** @type {string} */ id) => session.breakouts?.withUs(id) ?? true;
    const here = [...session.participants.values()].filter((p) => withUs(p.id));
    this.#chat.setRecipients(here, session.role !== 'moderator' && session.settings.whoMayChat === 'moderators');
    this.#tiles.setAway(new Set([...session.participants.keys()].filter((id) => !withUs(id))));
    this.#breakouts.update();
  }
}
