// One participation in a room: joins over signaling, runs the peer connection and keeps the list of the others, for the UI to observe.

import { SignalingClient, kProtocolVersion } from './signaling.js';
import { Peer } from './peer.js';

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
 * @property {(participant: string, kind: 'audio' | 'video' | 'screen', track: MediaStreamTrack) => void} remoteTrack
 * @property {(code: string) => void} error an error that does not end the session
 * @property {(code: string) => void} ended the session ended without `leave()`
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
  /** @type {'idle' | 'joining' | 'joined' | 'gone'} */
  phase = 'idle';
  /** This participant's id once joined. */
  self = '';
  room = '';
  /** Everyone else in the room, by id. @type {Map<string, Participant>} */
  participants = new Map();
  /** @type {Peer | null} */
  peer = null;
  /** This participant's raised-hand position, null while down. @type {number | null} */
  hand = null;
  /** Who speaks now, as the server last said; '' before it said anything. */
  activeSpeaker = '';
  /** @type {{audio: MediaStreamTrack | null, video: MediaStreamTrack | null, screen: MediaStreamTrack | null}} */
  #tracks = { audio: null, video: null, screen: null };
  #signaling = new SignalingClient();
  /** @type {SessionEvents} */
  #events;

  /** @param {SessionEvents} events */
  constructor(events) {
    this.#events = events;
  }

  /**
   * Connects, joins and resolves with the others present; rejects with a JoinError.
   * Tracks set before joining are sent from the first answer on.
   * @param {string} room
   * @param {string} name
   * @param {string} [url] signaling URL, by default the page's own origin
   * @returns {Promise<void>}
   */
  async join(room, name, url) {
    this.phase = 'joining';
    this.room = room;
    try {
      await this.#signaling.connect(url);
    } catch {
      this.phase = 'gone';
      throw new JoinError('connect');
    }
    const signaling = this.#signaling;
    this.peer = new Peer({
      sendAnswer: (sdp, offerId) => signaling.send({ type: 'answer', sdp, offerId }),
      onTrack: (participant, kind, track) => {
        if (kind !== 'audio') signaling.send({ type: 'keyframe', participant });
        this.#events.remoteTrack(participant, kind, track);
      },
      onFailed: () => this.#end('media-failed'),
    });
    await this.peer.setTrack('audio', this.#tracks.audio);
    await this.peer.setTrack('video', this.#tracks.video);
    await this.peer.setTrack('screen', this.#tracks.screen);
    const peer = this.peer;
    signaling.on('offer', (offer) => {
      peer.handleOffer(offer).catch(() => this.#events.error('bad-sdp'));
    });
    signaling.on('participant-joined', ({ participant }) => {
      this.participants.set(participant.id, participant);
      this.#events.participantJoined(participant);
    });
    signaling.on('participant-updated', ({ participant }) => {
      if (participant.id === this.self) {
        // Only the hand comes back to the sender (docs/protocol.md "participant-updated").
        this.hand = participant.hand ?? null;
        this.#events.selfHand(this.hand);
        return;
      }
      this.participants.set(participant.id, participant);
      this.#events.participantUpdated(participant);
    });
    signaling.on('participant-left', ({ participant: id }) => {
      const participant = this.participants.get(id);
      if (!participant) return;
      this.participants.delete(id);
      this.#events.participantLeft(participant);
    });
    signaling.on('chat', (message) => this.#events.chat(message));
    signaling.on('active-speaker', ({ participant }) => {
      this.activeSpeaker = participant;
      this.#events.activeSpeaker(participant);
    });
    signaling.onClose(() => this.#end('connection-lost'));

    await new Promise((resolve, reject) => {
      const offJoined = signaling.on('joined', (joined) => {
        offJoined();
        offError();
        this.self = joined.participant;
        this.room = joined.room;
        for (const p of joined.participants) this.participants.set(p.id, p);
        this.phase = 'joined';
        signaling.on('error', (error) => this.#events.error(error.code));
        resolve(undefined);
      });
      const offError = signaling.on('error', (error) => {
        offJoined();
        offError();
        this.#teardown();
        reject(new JoinError(error.code));
      });
      signaling.onClose(() => reject(new JoinError('connection-lost')));
      signaling.send({ type: 'join', version: kProtocolVersion, room, name });
    });
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
    return this.#signaling.send(to ? { type: 'chat', text, to } : { type: 'chat', text });
  }

  /** @param {boolean} raised */
  setHand(raised) {
    if (this.phase === 'joined') this.#signaling.send({ type: 'hand', raised });
  }

  /** Leaves the room and closes everything; no `ended` event follows. */
  leave() {
    if (this.phase === 'gone') return;
    this.#signaling.send({ type: 'leave' });
    this.#teardown();
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
    this.#signaling.close();
    this.peer?.close();
  }
}
