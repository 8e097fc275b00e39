// WebSocket client for the vicos signaling protocol version 1 (docs/protocol.md): typed messages in, typed messages out.

export const kProtocolVersion = 1;

/** Room names the server accepts (docs/protocol.md, `join.room`). */
export const kRoomPattern = /^[A-Za-z0-9_-]{1,64}$/;

// ---- Shared objects ----

/**
 * @typedef {object} Participant
 * @property {string} id opaque, 16 hex digits, new for each join
 * @property {string} name display name
 * @property {boolean} audio microphone is sending
 * @property {boolean} video camera is sending
 * @property {number | null} [hand] position of the raised hand (1 = first), null while down
 * @property {boolean} [screen] sharing the screen
 * @property {boolean} [e2ee] joined encrypted: the server's `name` is ciphertext (docs/e2ee.md)
 * @property {Role} [role] what this participant may do in the room
 * @property {string | null} [mutedBy] the moderator who muted the microphone (docs/protocol.md "Moderation")
 * @property {string | null} [cameraStoppedBy] the moderator who stopped the camera
 * @property {boolean} [canUnmute] may switch the microphone on
 * @property {boolean} [canShare] may share the screen
 * @property {boolean} [reconnecting] the connection dropped; the participant may resume (docs/protocol.md "Reconnecting")
 */

/** docs/protocol.md "Moderation". @typedef {'everyone' | 'moderators'} Audience */
/**
 * `whoMayChat` is absent from older servers (then everyone may), `whoMayPoll` too (then only moderators).
 * @typedef {{whoMayShare: Audience, whoMayUnmute: Audience, whoMayChat?: Audience, whoMayPoll?: Audience}} RoomSettings
 */

/** docs/protocol.md "Room policy and roles". @typedef {'moderator' | 'participant' | 'guest'} Role */

/**
 * One downlink m-line of an offer.
 * @typedef {object} StreamInfo
 * @property {string} mid
 * @property {string} participant id of the participant whose track it carries; empty on an audio
 *   slot, which carries whoever is loudest (docs/protocol.md "Media model")
 * @property {'audio' | 'video' | 'screen'} kind
 */

/**
 * @typedef {'bad-message' | 'too-large' | 'unknown-type' | 'unsupported-version' | 'invalid-room'
 *   | 'invalid-name' | 'wrong-state' | 'stale-answer' | 'bad-sdp' | 'room-full' | 'rate-limited'
 *   | 'internal' | 'invalid-chat' | 'unknown-participant' | 'not-allowed' | 'removed'} ErrorCode
 */

/** Longest chat text the server accepts, in code points (docs/protocol.md "chat"). */
export const kMaxChatLength = 2000;

// ---- Client → server ----

/** @typedef {{type: 'join', version: number, room: string, name?: string, e2eeName?: string, plainMedia?: boolean}} JoinMessage */
/** @typedef {{type: 'answer', sdp: string, offerId: number}} AnswerMessage */
/** @typedef {{type: 'media', audio: boolean, video: boolean, screen: boolean}} MediaMessage */
/** @typedef {{type: 'keyframe', participant: string}} KeyframeMessage */
/** @typedef {{type: 'leave'}} LeaveMessage */
/** @typedef {{type: 'chat', text?: string, e2ee?: string, to?: string}} ChatSendMessage */
/** @typedef {import('../e2ee/key_exchange.js').AnnounceMessage} E2eeAnnounceSend */
/** @typedef {import('../e2ee/key_exchange.js').KeyMessage} E2eeKeySend */
/** @typedef {import('../e2ee/plain_media.js').PlainMediaMessage} E2eePlainMediaSend */
/** @typedef {{type: 'hand', raised: boolean}} HandMessage */
/** One of a fixed set (web/js/ui/reactions.js). @typedef {{type: 'reaction', reaction: string}} ReactionSend */
/** docs/protocol.md "view". @typedef {{type: 'view', tiles: import('../ui/view_report.js').ViewTile[]}} ViewSend */
/** docs/protocol.md "Reconnecting". @typedef {{type: 'resume', room: string, token: string}} ResumeSend */
/** @typedef {{type: 'restart-media'}} RestartMediaSend */
/**
 * Moderator commands (docs/protocol.md "Moderation").
 * @typedef {{type: 'mute' | 'allow-unmute' | 'stop-camera' | 'remove', participant: string}
 *   | {type: 'mute-all' | 'end-meeting'}
 *   | {type: 'set-role', participant: string, role: 'moderator' | 'participant'}
 *   | {type: 'lower-hand', participant: string} | {type: 'lower-hands'}
 *   | {type: 'room-settings', whoMayShare?: Audience, whoMayUnmute?: Audience, whoMayChat?: Audience,
 *      whoMayPoll?: Audience}} ModerationSend
 */
/**
 * Lobby, lock and PIN (docs/protocol.md "Lobby, lock and PIN").
 * @typedef {{type: 'room-access', lobby?: boolean, locked?: boolean, pin?: string}
 *   | {type: 'admit', participant: string, plainMedia?: boolean} | {type: 'deny', participant: string}
 *   | {type: 'admit-all'} | {type: 'pin', pin: string}} DoorSend
 */
/**
 * Polls (docs/protocol.md "Polls"): `e2ee` is ciphertext (docs/e2ee.md "Polls").
 * @typedef {{type: 'poll-create', poll: string, anonymous: boolean, e2ee: string}
 *   | {type: 'poll-vote', poll: string, e2ee: string} | {type: 'poll-close', poll: string}} PollSend
 */
/**
 * Recording with consent (docs/protocol.md "Recording with consent"): start and stop by a moderator,
 * consent by anyone asked.
 * @typedef {{type: 'recording-start'} | {type: 'recording-stop'} | {type: 'recording-consent', consent: boolean}}
 *   RecordingSend
 */
/**
 * Breakout rooms (docs/protocol.md "Breakout rooms"); all but `breakout-move` are a moderator's.
 * @typedef {{type: 'breakout-create', rooms: string[], choose?: boolean}
 *   | {type: 'breakout-assign', assign: Record<string, number | null>}
 *   | {type: 'breakout-open'} | {type: 'breakout-close', countdown?: number}
 *   | {type: 'breakout-broadcast', e2ee: string} | {type: 'breakout-move', room: number | null}} BreakoutSend
 */
/**
 * @typedef {JoinMessage | AnswerMessage | MediaMessage | KeyframeMessage | LeaveMessage
 *   | ChatSendMessage | HandMessage | E2eeAnnounceSend | E2eeKeySend | E2eePlainMediaSend | ModerationSend
 *   | DoorSend | ResumeSend | RestartMediaSend | ReactionSend | PollSend | RecordingSend
 *   | BreakoutSend | ViewSend} ClientMessage
 */

// ---- Server → client ----

/**
 * `instance`: this meeting instance, fresh each time the room is created; end-to-end
 * announcements are bound to it (docs/e2ee.md).
 * @typedef {{type: 'joined', version: number, participant: string, room: string, instance: string,
 *   participants: Participant[], role?: Role, resumeToken?: string}} JoinedMessage
 */
/**
 * docs/protocol.md "Reconnecting": the same participation on a new socket.
 * @typedef {{type: 'resumed', version: number, participant: string, room: string,
 *   participants: Participant[], role: Role, self: Participant, resumeToken: string}} ResumedMessage
 */
/** @typedef {{type: 'waiting', participant: string, reason: string}} WaitingMessage */
/**
 * Someone knocking, as moderators see them (`name` is ciphertext when `e2ee`); `plainMedia`: their
 * browser cannot encrypt media (docs/e2ee.md).
 * @typedef {{id: string, name: string, e2ee: boolean, plainMedia?: boolean}} Knock
 */
/**
 * `waitingForPin`: who waits for the meeting PIN, whom a moderator may deny.
 * @typedef {{type: 'lobby', knocking: Knock[], waitingForPin?: Knock[]}} LobbyMessage
 */
/** @typedef {{type: 'room-access', lobby: boolean, locked: boolean, pin: boolean}} RoomAccessMessage */
/** One simulcast layer of the camera uplink. @typedef {{rid: string, scaleResolutionDownBy: number, maxBitrate: number}} EncodingInfo */
/** `fresh`: the first offer of a new media peer, answered from a new RTCPeerConnection; `encodings`: the camera's simulcast layers; `turn`: credentials for the built-in TURN server. @typedef {{type: 'offer', offerId: number, sdp: string, streams: StreamInfo[], fresh?: boolean, encodings?: EncodingInfo[], turn?: import('./media_path.js').TurnCredentials}} OfferMessage */
/** @typedef {{type: 'participant-joined', participant: Participant}} ParticipantJoinedMessage */
/** @typedef {{type: 'participant-updated', participant: Participant}} ParticipantUpdatedMessage */
/** @typedef {{type: 'participant-left', participant: string}} ParticipantLeftMessage */
/** @typedef {{type: 'error', code: ErrorCode | string, message: string, ref?: string}} ErrorMessage */
/**
 * `text` is the plain text; an encrypted message comes as `e2ee` and the session puts its
 * decryption in `text` (null `unreadable`: this client cannot decrypt it).
 * @typedef {{type: 'chat', from: string, text: string, e2ee?: string, unreadable?: boolean,
 *   private: boolean, to?: string, at: number}} ChatMessage
 */
/** Relayed with `from` set by the server (docs/e2ee.md). @typedef {{type: 'e2ee-announce', from: string}} E2eeAnnounceRelay */
/** @typedef {{type: 'e2ee-key', from: string}} E2eeKeyRelay */
/**
 * A moderator's decision about media in clear (docs/e2ee.md).
 * @typedef {{type: 'e2ee-plain-media', from: string}} E2eePlainMediaRelay
 */
/** @typedef {{type: 'active-speaker', participant: string}} ActiveSpeakerMessage */
/** Relayed, not stored (docs/protocol.md "reaction"). @typedef {{type: 'reaction', from: string, reaction: string}} ReactionMessage */
/** Dynacast (docs/protocol.md "layers"): send only the lowest `encodings`. @typedef {{type: 'layers', source: 'camera' | 'screen', encodings: number}} LayersMessage */
/**
 * Every breakout room with its members' ids; `closesIn`: seconds until everyone is back
 * (docs/protocol.md "breakouts").
 * @typedef {{type: 'breakouts', open: boolean, choose: boolean, closesIn?: number,
 *   rooms: {name: string, members: string[]}[]}} BreakoutsMessage
 */
/** A moderator's message to every room, encrypted (docs/e2ee.md). @typedef {{type: 'breakout-broadcast', from: string, e2ee: string}} BreakoutBroadcastMessage */
/** @typedef {{type: 'removed', by: string}} RemovedMessage */
/** @typedef {{type: 'meeting-ended', by: string}} MeetingEndedMessage */
/** @typedef {{type: 'room-settings'} & RoomSettings} RoomSettingsMessage */
/** A poll asked (docs/protocol.md "Polls"). @typedef {{type: 'poll', poll: string, from: string, anonymous: boolean, e2ee: string}} PollMessage */
/** `from` only for a named poll. @typedef {{type: 'poll-vote', poll: string, ballot: number, from?: string, e2ee: string}} PollVoteMessage */
/** @typedef {{type: 'poll-closed', poll: string, by: string}} PollClosedMessage */
/**
 * `by`: whose browser records, while one does; `allowed`: whether moderators may record here.
 * @typedef {{type: 'recording', active: boolean, allowed: boolean, by?: string}} RecordingMessage
 */
/** To the recording moderator. @typedef {{type: 'recording-consent', from: string, consent: boolean}} RecordingConsentMessage */

/**
 * @typedef {object} ServerMessages
 * @property {JoinedMessage} joined
 * @property {ResumedMessage} resumed
 * @property {WaitingMessage} waiting
 * @property {LobbyMessage} lobby
 * @property {RoomAccessMessage} room-access
 * @property {OfferMessage} offer
 * @property {ParticipantJoinedMessage} participant-joined
 * @property {ParticipantUpdatedMessage} participant-updated
 * @property {ParticipantLeftMessage} participant-left
 * @property {ErrorMessage} error
 * @property {ChatMessage} chat
 * @property {ActiveSpeakerMessage} active-speaker
 * @property {ReactionMessage} reaction
 * @property {LayersMessage} layers
 * @property {RemovedMessage} removed
 * @property {MeetingEndedMessage} meeting-ended
 * @property {RoomSettingsMessage} room-settings
 * @property {PollMessage} poll
 * @property {PollVoteMessage} poll-vote
 * @property {PollClosedMessage} poll-closed
 * @property {RecordingMessage} recording
 * @property {RecordingConsentMessage} recording-consent
 * @property {BreakoutsMessage} breakouts
 * @property {BreakoutBroadcastMessage} breakout-broadcast
 * @property {E2eeAnnounceRelay} e2ee-announce
 * @property {E2eeKeyRelay} e2ee-key
 * @property {E2eePlainMediaRelay} e2ee-plain-media
 */

/** @typedef {ServerMessages[keyof ServerMessages]} ServerMessage */

/**
 * @param {unknown} value
 * @returns {value is Participant}
 */
function isParticipant(value) {
  const p = /** @type {Record<string, unknown>} */ (value);
  return typeof p === 'object' && p !== null && typeof p.id === 'string' &&
    typeof p.name === 'string' && typeof p.audio === 'boolean' && typeof p.video === 'boolean' &&
    (p.hand === undefined || p.hand === null || typeof p.hand === 'number');
}

/**
 * @param {unknown} value
 * @returns {value is Audience}
 */
function isAudience(value) {
  return value === 'everyone' || value === 'moderators';
}

/**
 * @param {unknown} value
 * @returns {value is Knock[]}
 */
function isKnockList(value) {
  return Array.isArray(value) && value.every((k) => typeof k === 'object' && k !== null &&
    typeof k.id === 'string' && typeof k.name === 'string' && typeof k.e2ee === 'boolean');
}

/**
 * @param {unknown} value
 * @returns {value is import('./media_path.js').TurnCredentials}
 */
function isTurn(value) {
  const t = /** @type {Record<string, unknown>} */ (value);
  return typeof value === 'object' && value !== null && typeof t.username === 'string' &&
    typeof t.credential === 'string' && (t.udpPort === undefined || typeof t.udpPort === 'number') &&
    (t.urls === undefined || (Array.isArray(t.urls) && t.urls.every((u) => typeof u === 'string' && /^turns?:/.test(u))));
}

/**
 * @param {unknown} value
 * @returns {value is StreamInfo}
 */
function isStreamInfo(value) {
  const s = /** @type {Record<string, unknown>} */ (value);
  return typeof s === 'object' && s !== null && typeof s.mid === 'string' &&
    typeof s.participant === 'string' && (s.kind === 'audio' || s.kind === 'video' || s.kind === 'screen');
}

/**
 * Checks the shape of a server message; unknown types and malformed messages give null so that
 * a newer server's additions are ignored (docs/protocol.md "Versioning").
 * @param {unknown} data parsed JSON
 * @returns {ServerMessage | null}
 */
export function validateServerMessage(data) {
  if (typeof data !== 'object' || data === null) return null;
  const m = /** @type {Record<string, unknown>} */ (data);
  switch (m.type) {
    case 'joined':
      return typeof m.participant === 'string' && typeof m.room === 'string' &&
        typeof m.instance === 'string' && Array.isArray(m.participants) && m.participants.every(isParticipant)
        ? /** @type {JoinedMessage} */ (data) : null;
    case 'resumed':
      return typeof m.participant === 'string' && typeof m.room === 'string' && typeof m.resumeToken === 'string' &&
        isParticipant(m.self) && Array.isArray(m.participants) && m.participants.every(isParticipant)
        ? /** @type {ResumedMessage} */ (data) : null;
    case 'waiting':
      return typeof m.participant === 'string' && typeof m.reason === 'string' ? /** @type {WaitingMessage} */ (data) : null;
    case 'lobby':
      return isKnockList(m.knocking) && (m.waitingForPin === undefined || isKnockList(m.waitingForPin))
        ? /** @type {LobbyMessage} */ (data) : null;
    case 'room-access':
      return typeof m.lobby === 'boolean' && typeof m.locked === 'boolean' && typeof m.pin === 'boolean'
        ? /** @type {RoomAccessMessage} */ (data) : null;
    case 'offer':
      return typeof m.offerId === 'number' && typeof m.sdp === 'string' &&
        Array.isArray(m.streams) && m.streams.every(isStreamInfo) && (m.turn === undefined || isTurn(m.turn))
        ? /** @type {OfferMessage} */ (data) : null;
    case 'participant-joined':
    case 'participant-updated':
      return isParticipant(m.participant) ? /** @type {ServerMessage} */ (data) : null;
    case 'participant-left':
      return typeof m.participant === 'string' ? /** @type {ParticipantLeftMessage} */ (data) : null;
    case 'error':
      return typeof m.code === 'string' ? /** @type {ErrorMessage} */ (data) : null;
    case 'chat':
      return typeof m.from === 'string' && (typeof m.text === 'string' || typeof m.e2ee === 'string') &&
        typeof m.private === 'boolean' &&
        typeof m.at === 'number' && (m.to === undefined || typeof m.to === 'string')
        ? /** @type {ChatMessage} */ (data) : null;
    case 'active-speaker':
      return typeof m.participant === 'string' ? /** @type {ActiveSpeakerMessage} */ (data) : null;
    case 'reaction':
      return typeof m.from === 'string' && typeof m.reaction === 'string' ? /** @type {ReactionMessage} */ (data) : null;
    case 'layers':
      return (m.source === 'camera' || m.source === 'screen') && Number.isInteger(m.encodings) &&
        /** @type {number} */ (m.encodings) >= 0 ? /** @type {LayersMessage} */ (data) : null;
    case 'removed':
    case 'meeting-ended':
      return typeof m.by === 'string' ? /** @type {ServerMessage} */ (data) : null;
    case 'room-settings':
      return isAudience(m.whoMayShare) && isAudience(m.whoMayUnmute) && (m.whoMayChat === undefined || isAudience(m.whoMayChat))
        && (m.whoMayPoll === undefined || isAudience(m.whoMayPoll)) ? /** @type {RoomSettingsMessage} */ (data) : null;
    case 'poll':
      return typeof m.poll === 'string' && typeof m.from === 'string' && typeof m.anonymous === 'boolean'
        && typeof m.e2ee === 'string' ? /** @type {PollMessage} */ (data) : null;
    case 'poll-vote':
      return typeof m.poll === 'string' && Number.isInteger(m.ballot) && typeof m.e2ee === 'string'
        && (m.from === undefined || typeof m.from === 'string') ? /** @type {PollVoteMessage} */ (data) : null;
    case 'poll-closed':
      return typeof m.poll === 'string' && typeof m.by === 'string' ? /** @type {PollClosedMessage} */ (data) : null;
    case 'recording':
      return typeof m.active === 'boolean' && typeof m.allowed === 'boolean' && (!m.active || typeof m.by === 'string')
        ? /** @type {RecordingMessage} */ (data) : null;
    case 'recording-consent':
      return typeof m.from === 'string' && typeof m.consent === 'boolean' ? /** @type {RecordingConsentMessage} */ (data) : null;
    case 'breakouts':
      return typeof m.open === 'boolean' && typeof m.choose === 'boolean' &&
        (m.closesIn === undefined || typeof m.closesIn === 'number') && Array.isArray(m.rooms) &&
        m.rooms.every((r) => typeof r === 'object' && r !== null && typeof r.name === 'string' &&
          Array.isArray(r.members) && r.members.every((/** @type {unknown} */ id) => typeof id === 'string'))
        ? /** @type {BreakoutsMessage} */ (data) : null;
    case 'breakout-broadcast':
      return typeof m.from === 'string' && typeof m.e2ee === 'string' ? /** @type {BreakoutBroadcastMessage} */ (data) : null;
    case 'e2ee-announce':
    case 'e2ee-key':
    case 'e2ee-plain-media':
      // The payload is checked by web/js/e2ee/ (MAC, curve point, AES-GCM tag).
      return typeof m.from === 'string' ? /** @type {ServerMessage} */ (data) : null;
    // Also `media-encryption`: the server's word alone, which a client never acts on (docs/e2ee.md).
    default:
      return null;
  }
}

/** The signaling URL on the origin that served the page (docs/protocol.md "Transport"). */
export function defaultSignalingUrl() {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws`;
}

/**
 * One signaling WebSocket. Listeners are registered per message type; `onClose` fires once when
 * the socket closes for any reason other than `close()`.
 */
export class SignalingClient {
  /** @type {WebSocket | null} */
  #socket = null;
  /** @type {Map<string, Set<(message: any) => void>>} */
  #listeners = new Map();
  /** @type {Set<(event: CloseEvent) => void>} */
  #closeListeners = new Set();
  #closedByUs = false;

  /**
   * Opens the socket; resolves once it is open, rejects if it cannot be opened within
   * `timeoutMs` (a socket the browser neither opens nor closes must not stall a reconnect).
   * @param {string} [url]
   * @param {number} [timeoutMs]
   * @returns {Promise<void>}
   */
  connect(url = defaultSignalingUrl(), timeoutMs = 10_000) {
    this.#closedByUs = false;
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      this.#socket = socket;
      let opened = false;
      const timer = setTimeout(() => {
        if (opened) return;
        if (this.#socket === socket) this.#socket = null;
        socket.close();
        reject(new Error('signaling: no connection within the time limit'));
      }, timeoutMs);
      socket.addEventListener('open', () => {
        opened = true;
        clearTimeout(timer);
        resolve();
      });
      socket.addEventListener('message', (event) => this.#onMessage(event));
      socket.addEventListener('close', (event) => {
        clearTimeout(timer);
        // A socket replaced by a reconnect (docs/protocol.md "Reconnecting") is not news.
        const current = this.#socket === socket;
        if (current) this.#socket = null;
        if (!opened) reject(new Error(`signaling: could not connect (${event.code})`));
        else if (current && !this.#closedByUs) for (const listener of [...this.#closeListeners]) listener(event);
      });
    });
  }

  /**
   * @template {keyof ServerMessages} K
   * @param {K} type
   * @param {(message: ServerMessages[K]) => void} listener
   * @returns {() => void} removes the listener
   */
  on(type, listener) {
    let set = this.#listeners.get(type);
    if (!set) {
      set = new Set();
      this.#listeners.set(type, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  /**
   * @param {(event: CloseEvent) => void} listener
   * @returns {() => void} removes the listener
   */
  onClose(listener) {
    this.#closeListeners.add(listener);
    return () => this.#closeListeners.delete(listener);
  }

  /** Drops the socket as a network failure would: close listeners fire (tests/e2e only). */
  dropForTest() {
    this.#socket?.close(4000, 'test');
  }

  /** @param {ClientMessage} message */
  send(message) {
    if (this.#socket?.readyState !== WebSocket.OPEN) return false;
    this.#socket.send(JSON.stringify(message));
    return true;
  }

  /** Closes the socket without firing close listeners. */
  close() {
    this.#closedByUs = true;
    this.#socket?.close(1000);
    this.#socket = null;
  }

  /** @param {MessageEvent} event */
  #onMessage(event) {
    if (typeof event.data !== 'string') return;
    let data;
    try {
      data = JSON.parse(event.data);
    } catch {
      return;
    }
    const message = validateServerMessage(data);
    if (!message) return;
    for (const listener of this.#listeners.get(message.type) ?? []) listener(message);
  }
}
