// One participation in a room: joins over signaling, runs the peer connection and keeps the list of the others, for the UI to observe.

import { SignalingClient, kProtocolVersion } from './signaling.js';
import { Peer } from './peer.js';
import { Encryption } from './encryption.js';
import { Polls } from './polls.js';
import { Door } from './door.js';
import { resumeWithBackoff } from './reconnect.js';
import { Roster } from './roster.js';
import { MediaRestarts } from './media_restarts.js';
import { BreakoutRooms } from './breakouts.js';

/** @typedef {import('./signaling.js').Participant} Participant */
/** @typedef {import('./signaling.js').ErrorMessage} ErrorMessage */
/** @typedef {import('./signaling.js').ChatMessage} ChatMessage */

/**
 * What the UI hears from a session. `code` strings are docs/protocol.md error codes or the
 * client's own `connect`, `connection-lost` and `media-failed`.
 * @typedef {object} SessionEvents
 * @property {(participant: Participant) => void} participantJoined
 * @property {(participant: Participant) => void} participantUpdated
 * @property {(participant: Participant) => void} participantLeft
 * @property {(hand: number | null) => void} selfHand this participant's hand position changed
 * @property {(message: ChatMessage) => void} chat a chat message relayed by the server
 * @property {(participant: string) => void} activeSpeaker the loudest speaker changed
 * @property {(from: string, reaction: string) => void} [reaction] a reaction relayed by the server,
 *   this participant's own included
 * @property {(id: string, what: 'asked' | 'voted' | 'closed') => void} [pollChanged] a poll was
 *   asked, a ballot counted, or a poll closed (`Session.polls`)
 * @property {(active: boolean, by: string, allowed: boolean) => void} [recording] a moderator's
 *   browser started or stopped recording, or says whether moderators may (docs/protocol.md
 *   "Recording with consent")
 * @property {(from: string, consent: boolean) => void} [recordingConsent] a participant's answer,
 *   at the recording moderator
 * @property {(code: string) => void} [reactionRefused] the server refused a reaction (`rate-limited`)
 * @property {(participant: string, kind: 'audio' | 'video' | 'screen', track: MediaStreamTrack) => void} remoteTrack
 * @property {(mid: string, track: MediaStreamTrack) => void} slotAudio an audio slot's track (the
 *   loudest others, whoever they are)
 * @property {(mid: string, participant: string) => void} [slotSender] an audio slot now carries
 *   this participant, as its frames' keys say (docs/e2ee.md "Frames")
 * @property {(code: string) => void} error an error that does not end the session
 * @property {(code: string) => void} ended the session ended without `leave()`
 * @property {() => void} [encryptionChanged] `Session.encryption.status` changed
 * @property {(reason: string) => void} [waiting] the server keeps this person waiting (`waiting`); `join()` resolves once admitted
 * @property {() => void} [selfRole] `Session.role` changed after joining
 * @property {() => void} [doorChanged] `Session.door` (room access or who knocks) changed
 * @property {(code: string) => void} [waitingError] `wrong-pin` or `pin-throttled` while waiting for the PIN
 * @property {(what: 'muted' | 'camera-stopped') => void} [selfModerated] a moderator muted this
 *   participant or stopped their camera: the UI switches the device off
 * @property {() => void} [moderationChanged] `Session.moderation` or `Session.settings` changed
 * @property {() => void} [breakoutsChanged] `Session.breakouts` changed (rooms, who is where)
 * @property {(code: string) => void} [breakoutRefused] the server refused a breakout command
 * @property {(from: string, text: string | null) => void} [breakoutBroadcast] a moderator's message
 *   to every breakout room; null when unreadable
 * @property {(path: import('./media_path.js').MediaPath | null) => void} [mediaPath] the media
 *   connection is up over this path (direct UDP, TCP or a TURN relay)
 * @property {(state: 'connected' | 'reconnecting') => void} [connectionChanged] the signaling
 *   connection dropped and is being resumed, or is back (docs/protocol.md "Reconnecting")
 */

/** Error from `join()` that carries a code for the error catalogue. */
export class JoinError extends Error {
  /** @param {string} code */
  constructor(code) {
    super(`join failed: ${code}`);
    this.code = code;
  }
}

export class Session {
  /** @type {'idle' | 'joining' | 'waiting' | 'joined' | 'gone'} */
  phase = 'idle';
  /** This participant's role as the server said in `joined` (docs/protocol.md "Room policy and roles"). @type {import('./signaling.js').Role} */
  role = 'guest';
  /** This participant's id once joined. */
  self = '';
  room = '';
  /** Everyone else in the room; set by `join`. @type {Roster | null} */
  #roster = null;
  /** @type {Peer | null} */
  peer = null;
  /** The media path ICE chose last (read by the UI and the e2e tests). @type {import('./media_path.js').MediaPath | null} */
  mediaPath = null;
  /** The room's lobby, lock and PIN (docs/protocol.md "Lobby, lock and PIN"); set by `join`. @type {Door | null} */
  door = null;
  /** End-to-end encryption of this participation (docs/e2ee.md); set by `join`. @type {Encryption | null} */
  encryption = null;
  /** The meeting's breakout rooms (docs/protocol.md "Breakout rooms"); set by `join`. @type {BreakoutRooms | null} */
  breakouts = null;
  /** Relayed chat messages are decrypted and passed on in arrival order. */
  #chatQueue = Promise.resolve();
  /** This participant's raised-hand position, null while down. @type {number | null} */
  hand = null;
  /**
   * This participant's moderation state, as the server last said (docs/protocol.md "Moderation").
   * @type {{mutedBy: string | null, cameraStoppedBy: string | null, canUnmute: boolean, canShare: boolean}}
   */
  moderation = { mutedBy: null, cameraStoppedBy: null, canUnmute: true, canShare: true };
  /** The room's settings. @type {import('./signaling.js').RoomSettings} */
  settings = { whoMayShare: 'everyone', whoMayUnmute: 'everyone', whoMayChat: 'everyone', whoMayPoll: 'moderators' };
  /**
   * Whether a moderator's browser records, whose, and whether moderators may record here, as the
   * server last said (docs/protocol.md "Recording with consent"); kept for a view shown later.
   */
  recording = { active: false, by: '', allowed: false };
  /** The meeting's polls (docs/protocol.md "Polls"); set by `join`. @type {Polls | null} */
  polls = null;
  /** Who speaks now, as the server last said; '' before it said anything. */
  activeSpeaker = '';
  /** Whether the signaling socket is up or being resumed. @type {'connected' | 'reconnecting'} */
  connection = 'connected';
  /** The single-use token to resume this participation (docs/protocol.md "Reconnecting"); a secret. */
  #resumeToken = '';
  /** @type {string | undefined} */
  #url;
  #mediaRestarts = new MediaRestarts({
    mayRestart: () => this.phase === 'joined' && this.connection === 'connected',
    restart: () => this.#signaling.send({ type: 'restart-media' }),
    giveUp: () => this.#end('media-failed'),
  });
  /** @type {{audio: MediaStreamTrack | null, video: MediaStreamTrack | null, screen: MediaStreamTrack | null}} */
  #tracks = { audio: null, video: null, screen: null };
  #signaling = new SignalingClient();
  /** Rejects a pending `join()` when the person leaves before being admitted. @type {((error: JoinError) => void) | null} */
  #abortJoin = null;
  /** @type {SessionEvents} */
  #events;

  /** @param {SessionEvents} events */
  constructor(events) {
    this.#events = events;
  }

  /** Everyone else in the room, by id. @returns {Map<string, Participant>} */
  get participants() {
    return this.#roster?.participants ?? new Map();
  }

  /**
   * Connects, joins and resolves with the others present; rejects with a JoinError.
   * Tracks set before joining are sent from the first answer on.
   * @param {string} room
   * @param {string} name
   * @param {string} [url] signaling URL, by default the page's own origin
   * @param {Uint8Array<ArrayBuffer> | null} [linkSecret] from the link's fragment; every meeting is
   *   end-to-end encrypted, so without it (or without browser support) joining is refused
   * @returns {Promise<void>}
   */
  async join(room, name, url, linkSecret = null) {
    this.phase = 'joining';
    this.room = room;
    if (!linkSecret) {
      this.phase = 'gone';
      throw new JoinError('e2ee-no-secret');
    }
    // Without WebCrypto nothing can be encrypted: refused here. Without encoded transforms only
    // media cannot: the join says so and a moderator decides (docs/e2ee.md "Participants who
    // cannot encrypt media").
    const encryption = await Encryption.create(linkSecret, room, name).catch(() => null);
    if (!encryption) {
      this.phase = 'gone';
      throw new JoinError('e2ee-unsupported');
    }
    this.encryption = encryption;
    this.#url = url;
    try {
      await this.#signaling.connect(url);
    } catch {
      this.phase = 'gone';
      throw new JoinError('connect');
    }
    const signaling = this.#signaling;
    this.#newPeer();
    encryption.bind(signaling);
    this.door = new Door(signaling, (ciphertext) => encryption.session.decryptName(ciphertext),
      () => this.#events.doorChanged?.());
    this.door.onAdmitPlain = (id, encryptedName) => encryption.admitPlain(id, encryptedName);
    // Decisions about media in clear count only from moderators (the server's word, docs/e2ee.md).
    encryption.roleOf = (id) => (id === this.self ? this.role : this.participants.get(id)?.role);
    this.breakouts = new BreakoutRooms(signaling, encryption, () => this.self, {
      changed: () => this.#events.breakoutsChanged?.(),
      broadcast: (from, text) => this.#events.breakoutBroadcast?.(from, text),
    });
    const roster = new Roster(encryption, this.#events);
    this.#roster = roster;
    encryption.onChange = () => {
      roster.renamed();
      this.#events.encryptionChanged?.();
    };
    signaling.on('offer', (offer) => {
      // A new media peer on the server (after resume or restart-media) needs a new RTCPeerConnection.
      const peer = offer.fresh && this.peer?.used ? this.#newPeer() : this.peer;
      peer?.handleOffer(offer).catch(() => this.#events.error('bad-sdp'));
    });
    signaling.on('participant-joined', ({ participant }) => roster.joined(participant));
    signaling.on('participant-updated', ({ participant }) => {
      if (participant.id === this.self) {
        // Only the hand comes back to the sender (docs/protocol.md "participant-updated").
        this.hand = participant.hand ?? null;
        this.#events.selfHand(this.hand);
        if (participant.role && participant.role !== this.role) {
          this.role = participant.role;
          this.#events.selfRole?.();
        }
        this.#selfModeration(participant);
        return;
      }
      roster.updated(participant);
    });
    signaling.on('participant-left', ({ participant }) => roster.left(participant));
    signaling.on('chat', (message) => {
      const { e2ee, from, to } = message;
      const decrypted = e2ee === undefined ? Promise.resolve(message.text)
        : encryption.session.decryptChat(from, e2ee, message.private ? to : undefined);
      this.#chatQueue = this.#chatQueue.then(async () => {
        const text = await decrypted.catch(() => null);
        this.#events.chat({ ...message, text: text ?? '', unreadable: text === null });
      });
    });
    signaling.on('room-settings', ({ whoMayShare, whoMayUnmute, whoMayChat, whoMayPoll }) => {
      this.settings = { whoMayShare, whoMayUnmute, whoMayChat: whoMayChat ?? 'everyone', whoMayPoll: whoMayPoll ?? 'moderators' };
      this.#events.moderationChanged?.();
    });
    // The server closes the socket right after these.
    signaling.on('removed', () => this.#end('removed'));
    signaling.on('meeting-ended', () => this.#end('meeting-ended'));
    signaling.on('reaction', ({ from, reaction }) => this.#events.reaction?.(from, reaction));
    signaling.on('layers', ({ source, encodings }) => {
      this.peer?.setActiveLayers(source === 'screen' ? 'screen' : 'video', encodings).catch(() => {});
    });
    const polls = new Polls({
      self: () => this.self,
      room: () => this.room,
      encrypt: (poll, spec) => encryption.session.encryptPoll(poll, spec),
      decrypt: (from, poll, data) => encryption.session.decryptPoll(from, poll, data),
      send: (message) => {
        if (this.phase === 'joined') this.#signaling.send(message);
      },
      changed: (id, what) => this.#events.pollChanged?.(id, what),
    });
    this.polls = polls;
    signaling.on('poll', (message) => polls.received(message));
    signaling.on('poll-vote', (message) => polls.voted(message));
    signaling.on('poll-closed', (message) => polls.closed(message));
    signaling.on('recording', ({ active, by, allowed }) => {
      this.recording = { active, by: by ?? '', allowed };
      this.#events.recording?.(active, by ?? '', allowed);
    });
    signaling.on('recording-consent', ({ from, consent }) => this.#events.recordingConsent?.(from, consent));
    signaling.on('active-speaker', ({ participant }) => {
      this.activeSpeaker = participant;
      this.#events.activeSpeaker(participant);
    });
    signaling.onClose(() => {
      if (this.phase === 'joined') void this.#reconnect();
      else this.#end('connection-lost');
    });

    await new Promise((resolve, reject) => {
      this.#abortJoin = reject;
      const offJoined = signaling.on('joined', (joined) => {
        offJoined();
        offError();
        this.self = joined.participant;
        this.room = joined.room;
        this.role = joined.role ?? 'guest';
        this.#resumeToken = joined.resumeToken ?? '';
        roster.start(joined.participants);
        encryption.start(joined.participant, joined.participants, joined.instance);
        this.phase = 'joined';
        signaling.on('error', (error) => {
          // The reconnect and media-restart paths handle their own refusals.
          if (error.ref === 'resume' || error.code === 'restart-throttled') return;
          // A refused reaction is no failure of the meeting: the reactions view says so quietly.
          if (error.ref === 'reaction') {
            this.#events.reactionRefused?.(error.code);
            return;
          }
          // Nor is a refused breakout command: the breakout controls say why.
          if (error.ref?.startsWith('breakout-')) {
            this.#events.breakoutRefused?.(error.code);
            return;
          }
          this.#events.error(error.code);
        });
        resolve(undefined);
      });
      const offError = signaling.on('error', (error) => {
        // A wrong PIN keeps the person waiting for another attempt.
        if (this.phase === 'waiting' && (error.code === 'wrong-pin' || error.code === 'pin-throttled')) {
          this.#events.waitingError?.(error.code);
          return;
        }
        offJoined();
        offError();
        this.#teardown();
        // A browser that cannot encrypt media learns why it was turned away (docs/e2ee.md).
        reject(new JoinError(error.code === 'denied' && encryption.plainMedia ? 'plain-media-denied' : error.code));
      });
      signaling.on('waiting', ({ participant, reason }) => {
        this.self = participant;
        this.phase = 'waiting';
        this.#events.waiting?.(reason);
      });
      signaling.onClose(() => reject(new JoinError('connection-lost')));
      // The server gets the name only encrypted under the link (docs/e2ee.md).
      const plainMedia = encryption.plainMedia ? { plainMedia: true } : {};
      signaling.send({ type: 'join', version: kProtocolVersion, room, e2eeName: encryption.session.encryptedName, ...plainMedia });
    });
    this.#abortJoin = null;
    this.#sendMedia();
  }

  /**
   * Switches the microphone or camera: the track (or null) replaces the one sent, and the others
   * are told. Stopping the old device track is the caller's job.
   * @param {'audio' | 'video' | 'screen'} kind
   * @param {MediaStreamTrack | null} track
   */
  async setTrack(kind, track) {
    this.#tracks[kind] = track;
    if (this.peer) await this.peer.setTrack(kind, track);
    if (this.phase === 'joined') this.#sendMedia();
  }

  /**
   * Sends a chat message to everyone, or privately to one participant.
   * @param {string} text
   * @param {string} [to] participant id
   */
  sendChat(text, to) {
    if (this.phase !== 'joined') return false;
    const encryption = this.encryption;
    if (!encryption) return this.#signaling.send(to ? { type: 'chat', text, to } : { type: 'chat', text });
    encryption.session.encryptChat(text, to).then((e2ee) => {
      if (e2ee === null) this.#events.error('e2ee-chat-failed');
      else this.#signaling.send(to ? { type: 'chat', e2ee, to } : { type: 'chat', e2ee });
    }).catch(() => this.#events.error('e2ee-chat-failed'));
    return true;
  }

  /** @param {boolean} raised */
  setHand(raised) {
    if (this.phase === 'joined') this.#signaling.send({ type: 'hand', raised });
  }

  /**
   * Sends a reaction of the fixed set; the server relays it to everyone, this participant too
   * (docs/protocol.md "reaction").
   * @param {string} reaction
   */
  sendReaction(reaction) {
    if (this.phase === 'joined') this.#signaling.send({ type: 'reaction', reaction });
  }

  /**
   * Which videos the page shows and how large (docs/protocol.md "view").
   * @param {import('../ui/view_report.js').ViewTile[]} tiles
   */
  sendView(tiles) {
    if (this.phase === 'joined') this.#signaling.send({ type: 'view', tiles });
  }

  /**
   * Sends a moderator command (docs/protocol.md "Moderation"); the server refuses it with
   * `not-allowed` unless this participant is a moderator.
   * @param {import('./signaling.js').ModerationSend} command
   */
  moderate(command) {
    return this.phase === 'joined' && this.#signaling.send(command);
  }

  /**
   * Starts or stops a recording (moderators only, else `not-allowed`) or answers whether this
   * participant may be recorded (docs/protocol.md "Recording with consent").
   * @param {import('./signaling.js').RecordingSend} command
   */
  recordingCommand(command) {
    return this.phase === 'joined' && this.#signaling.send(command);
  }

  /** @param {Participant} self this participant's object from `participant-updated` */
  #selfModeration(self) {
    const before = this.moderation;
    this.moderation = {
      mutedBy: self.mutedBy ?? null,
      cameraStoppedBy: self.cameraStoppedBy ?? null,
      canUnmute: self.canUnmute ?? true,
      canShare: self.canShare ?? true,
    };
    if (this.moderation.mutedBy !== null && before.mutedBy === null) this.#events.selfModerated?.('muted');
    if (this.moderation.cameraStoppedBy !== null && before.cameraStoppedBy === null) this.#events.selfModerated?.('camera-stopped');
    this.#events.moderationChanged?.();
  }

  /** Leaves the room and closes everything; no `ended` event follows. */
  leave() {
    if (this.phase === 'gone') return;
    this.#signaling.send({ type: 'leave' });
    this.#teardown();
    this.#abortJoin?.(new JoinError('left'));
    this.#abortJoin = null;
  }

  /** A new RTCPeerConnection with the local tracks and the E2EE transforms; closes the old one. */
  #newPeer() {
    this.peer?.close();
    const signaling = this.#signaling;
    const peer = new Peer({
      sendAnswer: (sdp, offerId) => signaling.send({ type: 'answer', sdp, offerId }),
      onTrack: (participant, kind, track) => {
        if (kind !== 'audio') signaling.send({ type: 'keyframe', participant });
        this.#events.remoteTrack(participant, kind, track);
      },
      onSlotAudio: (mid, track) => this.#events.slotAudio(mid, track),
      onFailed: () => this.#mediaRestarts.failed(),
      onConnected: () => this.#mediaRestarts.connected(),
      onPath: (path) => {
        this.mediaPath = path;
        this.#events.mediaPath?.(path);
      },
    }, this.encryption?.transforms ?? null);
    if (this.encryption?.transforms) this.encryption.transforms.onSlotSender = (mid, id) => this.#events.slotSender?.(mid, id);
    this.peer = peer;
    // Peer keeps the tracks at once; the senders get them when the first offer is answered.
    for (const kind of /** @type {const} */ (['audio', 'video', 'screen'])) {
      peer.setTrack(kind, this.#tracks[kind]).catch(() => {});
    }
    return peer;
  }

  /** The socket dropped without leave, end or removal: resume the same participation. */
  async #reconnect() {
    if (this.connection === 'reconnecting') return;
    this.connection = 'reconnecting';
    this.#events.connectionChanged?.('reconnecting');
    const resumed = await resumeWithBackoff(this.#signaling, {
      room: this.room, token: this.#resumeToken, url: this.#url, cancelled: () => this.phase !== 'joined',
    });
    if (this.phase !== 'joined') return;
    if (!resumed) {
      this.#end('connection-lost');
      return;
    }
    this.#resumed(resumed);
    this.connection = 'connected';
    this.#events.connectionChanged?.('connected');
  }

  /** @param {import('./signaling.js').ResumedMessage} m */
  #resumed(m) {
    const encryption = this.encryption;
    this.#resumeToken = m.resumeToken;
    if (m.role !== this.role) {
      this.role = m.role;
      this.#events.selfRole?.();
    }
    this.hand = m.self.hand ?? null;
    this.#events.selfHand(this.hand);
    this.#selfModeration(m.self);
    this.#roster?.reconcile(m.participants);
    // Announcements and keys sent to us meanwhile were lost: announce again (docs/e2ee.md).
    encryption?.resync();
    this.#newPeer();  // the server's fresh offer follows
    this.#sendMedia();
  }

  /** Closes the signaling socket as a network failure would (tests/e2e only). */
  dropSignalingForTest() {
    this.#signaling.dropForTest();
  }

  #sendMedia() {
    this.#signaling.send({
      type: 'media', audio: this.#tracks.audio !== null, video: this.#tracks.video !== null, screen: this.#tracks.screen !== null,
    });
  }

  /** @param {string} code */
  #end(code) {
    const wasJoined = this.phase === 'joined';
    if (this.phase === 'gone') return;
    this.#teardown();
    // While joining, join() itself rejects instead.
    if (wasJoined) this.#events.ended(code);
  }

  #teardown() {
    this.phase = 'gone';
    this.#mediaRestarts.stop();
    this.#signaling.close();
    this.peer?.close();
    this.encryption?.close();
    this.polls?.clear();
  }
}
