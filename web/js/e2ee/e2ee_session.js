// End-to-end encryption state of one participation: who is verified, which sender key is current, ratchet on join, rotation on leave and on moving between breakout rooms, moderators' decisions about media in clear, and what to send to whom.

import { randomBytes } from './bytes.js';
import { deriveMeetingKeys, importHkdfKey, kSenderSecretLength, ratchetSecret, derivePairKey } from './key_schedule.js';
import { KeyRing, entryChatKey } from './key_ring.js';
import { createIdentity, makeAnnounce, unwrapSenderSecret, verifyAnnounce, wrapSenderSecret } from './key_exchange.js';
import { decryptChat, decryptName, encryptChat, encryptName, kChatGroup, kChatPrivate, parseChat } from './text_crypto.js';
import { safetyCode } from './safety_code.js';
import { decryptPoll, encryptPoll, parsePoll } from './poll_crypto.js';
import { PlainMediaDecisions } from './plain_media.js';
import { senderTag } from './sframe.js';

/** @typedef {import('./key_schedule.js').MeetingKeys} MeetingKeys */
/** @typedef {import('./key_exchange.js').Identity} Identity */
/** @typedef {import('./key_exchange.js').PeerIdentity} PeerIdentity */
/** @typedef {import('./key_exchange.js').AnnounceMessage} AnnounceMessage */
/** @typedef {import('./key_exchange.js').KeyMessage} KeyMessage */
/** @typedef {import('./plain_media.js').PlainMediaMessage} PlainMediaMessage */
/** @typedef {import('./plain_media.js').Decision} Decision */
/** @typedef {import('./poll_crypto.js').PollSpec} PollSpec */
/** @typedef {AnnounceMessage | KeyMessage | PlainMediaMessage} OutgoingMessage */

/**
 * Where media keys go: the transform worker (media_transform.js), or a MediaCryptor in tests.
 * @typedef {object} KeySink
 * @property {(index: number, secret: CryptoKey, tag: number) => void} setSendKey own key and sender tag
 * @property {(participant: string, index: number, secret: CryptoKey, tag: number) => void} setReceiveKey
 *   a participant's key and sender tag (sframe.js `senderTag`)
 * @property {(participant: string) => void} removeParticipant
 */

/**
 * `confirmed`: a key message from them decrypted, so they hold the private key of their
 * announcement now (a replayed announcement never gets there).
 * `floor`: key messages at or below this index are refused (keys forgotten when they left our
 * breakout room stay forgotten).
 * `tag`: the sender tag its frames' KIDs carry (sframe.js).
 * @typedef {PeerIdentity & {displayName: string | null, ring: KeyRing, chatSeq: number,
 *   confirmed: boolean, floor: number, tag: number}} Peer
 */

export class E2eeSession {
  /** This participant's id, once joined. */
  self = '';
  /** For `join.name`: the display name encrypted under the link's name key. */
  encryptedName = '';
  /** Announcements refused (bad MAC, or a second key for a known id): a sign of tampering. */
  rejected = 0;
  /** Whether the server lists a participant (ourselves included) as a moderator; set by the page. */
  isModerator = (/** @type {string} */ _id) => false;
  /** This browser cannot encrypt media, and says so in its announcement. */
  plainMedia = false;
  /** The meeting instance from `joined`: announcements and decisions are bound to it. */
  #instance = '';
  #decisions = new PlainMediaDecisions();
  /** @type {MeetingKeys} */
  #meeting;
  /** @type {Identity} */
  #identity;
  /** @type {KeySink} */
  #sink;
  /** Everyone else the server says is present, verified or not. @type {Set<string>} */
  #present = new Set();
  /** @type {Map<string, Peer>} */
  #peers = new Map();
  /** @type {Set<string>} */
  #announcedTo = new Set();
  /** Each participant's breakout room while they are open (docs/e2ee.md "Breakout rooms"). @type {Map<string, number> | null} */
  #scope = null;
  /** Our `breakout-broadcast` counter, and the highest seen from each sender (replays are refused). */
  #broadcastSeq = 0;
  /** @type {Map<string, number>} */
  #broadcastSeen = new Map();
  #sendIndex = 0;
  /** Own sender tag, from the public key of our announcement. @type {number | undefined} */
  #ownTag;
  /** @type {Uint8Array<ArrayBuffer>} */
  #sendSecret = randomBytes(kSenderSecretLength);
  /** Own secrets by index, to read own chat messages echoed by the server. */
  #ownRing = new KeyRing();
  #chatSeq = 0;
  #ownChatSeq = 0;
  /** Handlers run one after the other, in arrival order. @type {Promise<unknown>} */
  #queue = Promise.resolve();

  /**
   * @param {MeetingKeys} meeting
   * @param {Identity} identity
   * @param {KeySink} sink
   */
  constructor(meeting, identity, sink) {
    this.#meeting = meeting;
    this.#identity = identity;
    this.#sink = sink;
  }

  /**
   * Fresh identity and sender key for this conference; call before `join`.
   * @param {Uint8Array<ArrayBuffer>} linkSecret from the URL fragment
   * @param {string} room
   * @param {string} name display name
   * @param {KeySink} sink
   * @param {{plainMedia?: boolean}} [options] plainMedia: this browser cannot encrypt media
   * @returns {Promise<E2eeSession>}
   */
  static async create(linkSecret, room, name, sink, { plainMedia = false } = {}) {
    const meeting = await deriveMeetingKeys(linkSecret, room);
    const session = new E2eeSession(meeting, await createIdentity(), sink);
    session.plainMedia = plainMedia;
    session.encryptedName = await encryptName(meeting, name);
    await session.#installSendKey();
    return session;
  }

  /**
   * After `joined`: announce ourselves to everyone present.
   * @param {string} selfId
   * @param {string[]} present ids of the others
   * @param {string} instance the meeting instance `joined` names
   * @returns {Promise<OutgoingMessage[]>}
   */
  start(selfId, present, instance) {
    return this.#serial(async () => {
      this.self = selfId;
      this.#instance = instance;
      for (const id of present) this.#present.add(id);
      for (const id of present) this.#announcedTo.add(id);
      return [await this.#announce()];
    });
  }

  /**
   * `participant-joined`: advance our key, so the newcomer cannot read what came before.
   * @param {string} id
   * @returns {Promise<OutgoingMessage[]>}
   */
  participantJoined(id) {
    return this.#serial(async () => {
      await this.#noteNewcomer(id);
      return [];
    });
  }

  /**
   * `participant-left`: replace our key by a fresh one and give it to everyone else.
   * @param {string} id
   * @returns {Promise<OutgoingMessage[]>}
   */
  participantLeft(id) {
    return this.#serial(async () => {
      if (!this.#present.delete(id)) return [];
      this.#peers.delete(id);
      this.#decisions.forget(id);
      this.#announcedTo.delete(id);
      this.#broadcastSeen.delete(id);
      this.#sink.removeParticipant(id);
      return this.#rotate();
    });
  }

  /**
   * Breakout rooms (docs/e2ee.md "Breakout rooms"): our media key goes only to those in the same
   * breakout room as we are (or, in the main room, to everyone in no breakout room). When anyone
   * known enters or leaves our room, our key is replaced by a fresh one for our room only, and
   * the keys we hold of those now elsewhere are forgotten, so no key of another room is kept.
   * @param {Map<string, number> | null} places the breakout room of each participant in one
   *   (ourselves included); null while the breakout rooms are closed
   * @returns {Promise<OutgoingMessage[]>}
   */
  setScope(places) {
    return this.#serial(async () => {
      const before = new Map([...this.#peers.keys()].map((id) => [id, this.#inScope(id)]));
      this.#scope = places;
      let changed = false;
      for (const peer of this.#peers.values()) {
        if (this.#inScope(peer.id) === before.get(peer.id)) continue;
        changed = true;
        if (this.#inScope(peer.id)) continue;
        peer.floor = Math.max(peer.floor, peer.ring.latest);
        peer.ring = new KeyRing();
        this.#sink.removeParticipant(peer.id);
      }
      return changed && this.self ? this.#rotate() : [];
    });
  }

  /**
   * Whether we hold a media key of this participant (tests: none of another breakout room's).
   * @param {string} id
   */
  hasKeyOf(id) {
    return (this.#peers.get(id)?.ring.latest ?? -1) >= 0;
  }

  /**
   * After resuming on a new socket (docs/protocol.md "Reconnecting"): announcements and keys
   * sent to us while we were away are lost, so announce ourselves to everyone again; who knows
   * us already ignores it, who does not answers with announcement and key.
   * @returns {Promise<OutgoingMessage[]>}
   */
  reannounce() {
    return this.#serial(async () => [await this.#announce()]);
  }

  /**
   * A participant resumed: what we sent them meanwhile may be lost. Announce to them again and
   * give them our current key (same id, same identity: no rotation is needed).
   * @param {string} id
   * @returns {Promise<OutgoingMessage[]>}
   */
  participantReturned(id) {
    return this.#serial(async () => {
      if (!this.self || id === this.self || !this.#present.has(id)) return [];
      this.#announcedTo.add(id);
      /** @type {OutgoingMessage[]} */
      const out = [await this.#announce(id)];
      const peer = this.#peers.get(id);
      if (!peer || !this.#inScope(id)) return out;
      out.push(await this.#wrapFor(peer), ...await this.#decisions.repeatTo(this.#decisionContext(), id));
      return out;
    });
  }

  /**
   * A relayed `e2ee-announce`.
   * @param {unknown} message
   * @returns {Promise<OutgoingMessage[]>}
   */
  handleAnnounce(message) {
    return this.#serial(async () => {
      const identity = await verifyAnnounce(this.#meeting, this.#instance, message);
      if (!identity || identity.id === this.self || !this.self) {
        if (!identity) this.rejected++;
        return [];
      }
      const known = this.#peers.get(identity.id);
      if (known) {
        // A participant's key never changes within a participation: first one wins.
        if (known.publicRaw.some((b, i) => b !== identity.publicRaw[i])) this.rejected++;
        return [];
      }
      await this.#noteNewcomer(identity.id);
      const peer = { ...identity, displayName: await decryptName(this.#meeting, identity.name),
        ring: new KeyRing(), chatSeq: -1, confirmed: false, floor: -1, tag: await senderTag(identity.publicRaw) };
      this.#peers.set(peer.id, peer);
      /** @type {OutgoingMessage[]} */
      const out = [];
      if (!this.#announcedTo.has(peer.id)) {
        this.#announcedTo.add(peer.id);
        out.push(await this.#announce(peer.id));
      }
      if (this.#inScope(peer.id)) out.push(await this.#wrapFor(peer));
      return out;
    });
  }

  /**
   * A relayed `e2ee-key`. Replays and reordering never roll a key back.
   * @param {unknown} message
   * @returns {Promise<OutgoingMessage[]>}
   */
  handleKey(message) {
    return this.#serial(async () => {
      const from = /** @type {{from?: unknown}} */ (message)?.from;
      const peer = typeof from === 'string' ? this.#peers.get(from) : undefined;
      if (!peer || !this.#inScope(peer.id)) return [];
      const unwrapped = await unwrapSenderSecret(this.#meeting, this.#identity, this.self, peer, message);
      if (!unwrapped || unwrapped.index <= peer.floor) return [];
      const secret = await importHkdfKey(unwrapped.secret);
      unwrapped.secret.fill(0);
      if (peer.ring.set(unwrapped.index, secret)) this.#sink.setReceiveKey(peer.id, unwrapped.index, secret, peer.tag);
      if (peer.confirmed) return [];
      // They hold their key now: decisions waiting for them can be checked, and a moderator
      // gives them the decisions it holds (docs/e2ee.md "Participants who cannot encrypt media").
      peer.confirmed = true;
      const context = this.#decisionContext();
      return [...await this.#decisions.settle(context), ...await this.#decisions.repeatTo(context, peer.id)];
    });
  }

  /**
   * As a moderator, we admitted `id` with media in clear (`admit` with `plainMedia`): once they
   * are confirmed and their announcement says they cannot encrypt media under the name they
   * knocked with, our authenticated decision goes to everyone.
   * @param {string} id
   * @param {string} encryptedName from the `lobby` entry we admitted
   * @returns {Promise<OutgoingMessage[]>}
   */
  admitPlain(id, encryptedName) {
    return this.#serial(async () => {
      this.#decisions.admit(id, encryptedName);
      return this.#decisions.settle(this.#decisionContext());
    });
  }

  /**
   * A relayed `e2ee-plain-media`: kept until its moderator and participant are confirmed.
   * @param {unknown} message
   * @returns {Promise<OutgoingMessage[]>}
   */
  handlePlainMedia(message) {
    return this.#serial(async () => {
      // The one it lets in needs no decision: its media is in clear anyway.
      if (/** @type {{participant?: unknown}} */ (message)?.participant === this.self) return [];
      if (!this.#decisions.receive(message, (id) => this.#present.has(id))) {
        this.#decisions.rejected++;
        return [];
      }
      return this.#decisions.settle(this.#decisionContext());
    });
  }

  /**
   * Who takes part with media in clear by a decision we verified (or made), and who decided.
   * @returns {Map<string, Decision>}
   */
  plainMediaAdmitted() {
    return new Map(this.#decisions.admitted);
  }

  /** Decisions refused: malformed, forged, about nobody present, from someone not a moderator. */
  get decisionsRejected() {
    return this.#decisions.rejected;
  }

  /**
   * Confirmed participants whose announcement says they cannot encrypt media but about whom we
   * hold no decision: their frames are dropped, ours stay encrypted.
   * @returns {string[]}
   */
  undecidedPlain() {
    const admitted = this.#decisions.admitted;
    return [...this.#peers.values()].filter((p) => p.confirmed && p.plainMedia && !admitted.has(p.id)).map((p) => p.id);
  }

  /** @returns {string[]} participants who proved to hold the key of their announcement */
  confirmed() {
    return [...this.#peers.values()].filter((p) => p.confirmed).map((p) => p.id);
  }

  /**
   * Encrypts a chat text: to everyone under our current key, privately under the pairwise key.
   * @param {string} text
   * @param {string} [to] recipient's id
   * @returns {Promise<string | null>} null when the recipient is not verified
   */
  encryptChat(text, to) {
    return this.#serial(async () => {
      const seq = this.#chatSeq++;
      const context = { room: this.#meeting.room, from: this.self, to: to ?? null };
      if (to === undefined) {
        const entry = await this.#ownRing.find(this.#sendIndex);
        if (!entry) return null;
        return encryptChat(await entryChatKey(entry), { kind: kChatGroup, index: this.#sendIndex, seq }, context, text);
      }
      const peer = this.#peers.get(to);
      if (!peer) return null;
      const key = await derivePairKey(this.#identity.privateKey, peer.publicKey, this.#meeting, 'chat', this.self, to);
      return encryptChat(key, { kind: kChatPrivate, index: 0, seq }, context, text);
    });
  }

  /**
   * Decrypts a relayed chat text (ours echoed back too). Null: not readable, replayed, or its
   * sender is not verified.
   * @param {string} from
   * @param {unknown} data
   * @param {string} [to] recipient's id of a private message
   * @returns {Promise<string | null>}
   */
  decryptChat(from, data, to) {
    return this.#serial(async () => {
      const parsed = parseChat(data);
      const own = from === this.self;
      const peer = own ? null : this.#peers.get(from);
      if (!parsed || (!own && !peer)) return null;
      if ((parsed.kind === kChatPrivate) !== (to !== undefined)) return null;
      if (parsed.seq <= (own ? this.#ownChatSeq - 1 : peer?.chatSeq ?? 0)) return null;
      const context = { room: this.#meeting.room, from, to: to ?? null };
      let text;
      if (parsed.kind === kChatGroup) {
        const ring = peer ? peer.ring : this.#ownRing;
        const entry = await ring.find(parsed.index);
        if (!entry) return null;
        text = await decryptChat(await entryChatKey(entry), parsed.bytes, context);
        if (text !== null) ring.commit(entry);
      } else {
        const other = own ? this.#peers.get(to ?? '') : peer;
        if (!other || (!own && to !== this.self)) return null;
        const key = await derivePairKey(this.#identity.privateKey, other.publicKey, this.#meeting, 'chat', from, to ?? '');
        text = await decryptChat(key, parsed.bytes, context);
      }
      if (text === null) return null;
      if (peer) peer.chatSeq = parsed.seq;
      else this.#ownChatSeq = parsed.seq + 1;
      return text;
    });
  }

  /**
   * Encrypts a poll we ask under our current chat key (docs/e2ee.md "Polls").
   * @param {string} poll the poll id
   * @param {PollSpec} spec
   * @returns {Promise<string | null>}
   */
  encryptPoll(poll, spec) {
    return this.#serial(async () => {
      const entry = await this.#ownRing.find(this.#sendIndex);
      if (!entry) return null;
      return encryptPoll(await entryChatKey(entry), this.#sendIndex, { room: this.#meeting.room, from: this.self, poll }, spec);
    });
  }

  /**
   * Encrypts a moderator's message to every breakout room (`breakout-broadcast`) under the
   * meeting's broadcast key: everyone with the link reads it, whatever room they are in; the
   * server cannot (docs/e2ee.md "Breakout rooms").
   * @param {string} text
   * @returns {Promise<string>}
   */
  encryptBroadcast(text) {
    return this.#serial(async () => {
      const header = { kind: kChatGroup, index: 0, seq: this.#broadcastSeq++ };
      return encryptChat(this.#meeting.broadcastKey, header, { room: this.#meeting.room, from: this.self, to: null }, text);
    });
  }

  /**
   * Decrypts a relayed poll (ours echoed back too). Null: not readable (e.g. asked before we
   * joined, under a key we never got) or its asker is not verified.
   * @param {string} from the asker
   * @param {string} poll the poll id
   * @param {unknown} data
   * @returns {Promise<PollSpec | null>}
   */
  decryptPoll(from, poll, data) {
    return this.#serial(async () => {
      const parsed = parsePoll(data);
      const ring = from === this.self ? this.#ownRing : this.#peers.get(from)?.ring;
      if (!parsed || !ring) return null;
      const entry = await ring.find(parsed.index);
      if (!entry) return null;
      const spec = await decryptPoll(await entryChatKey(entry), parsed.bytes, { room: this.#meeting.room, from, poll });
      if (spec) ring.commit(entry);
      return spec;
    });
  }

  /**
   * Decrypts a moderator's message to every breakout room (`breakout-broadcast`).
   * @param {string} from the sender the server names
   * @param {unknown} data
   * @returns {Promise<string | null>} null when unreadable, replayed or bound to another sender
   */
  decryptBroadcast(from, data) {
    return this.#serial(async () => {
      const parsed = parseChat(data);
      if (!parsed || parsed.kind !== kChatGroup || parsed.seq <= (this.#broadcastSeen.get(from) ?? -1)) return null;
      const text = await decryptChat(this.#meeting.broadcastKey, parsed.bytes, { room: this.#meeting.room, from, to: null });
      if (text !== null) this.#broadcastSeen.set(from, parsed.seq);
      return text;
    });
  }

  /**
   * A name from `join.name` (e.g. a knocking person in the lobby).
   * @param {unknown} data
   * @returns {Promise<string | null>}
   */
  decryptName(data) {
    return decryptName(this.#meeting, data);
  }

  /**
   * The verified name of a participant, null until their announcement verified.
   * @param {string} id
   * @returns {string | null}
   */
  displayName(id) {
    return this.#peers.get(id)?.displayName ?? null;
  }

  /**
   * Whether every participant the server says is present has a verified key and proved to hold
   * it (an announcement replayed from elsewhere never does).
   * @returns {boolean}
   */
  allVerified() {
    return [...this.#present].every((id) => !this.#inScope(id) || this.#peers.get(id)?.confirmed === true);
  }

  /** @returns {Promise<string>} the safety code over our key and every verified present key */
  safetyCode() {
    return safetyCode([this.#identity.publicRaw, ...[...this.#peers.values()].map((p) => p.publicRaw)]);
  }

  /** Our current sender key index (for tests and diagnostics). */
  get sendIndex() {
    return this.#sendIndex;
  }

  /**
   * @param {string} [to]
   * @returns {Promise<AnnounceMessage>}
   */
  #announce(to) {
    const self = { instance: this.#instance, id: this.self, plainMedia: this.plainMedia };
    return makeAnnounce(this.#meeting, self, this.#identity, this.encryptedName, to);
  }

  /** @returns {import('./plain_media.js').DecisionContext} */
  #decisionContext() {
    return {
      meeting: this.#meeting, instance: this.#instance, peers: this.#peers,
      self: { id: this.self, publicRaw: this.#identity.publicRaw },
      selfModerator: this.isModerator(this.self), isModerator: (id) => this.isModerator(id),
    };
  }

  /**
   * A participant we had not seen: ratchet before they can get our key.
   * @param {string} id
   */
  async #noteNewcomer(id) {
    if (id === this.self || this.#present.has(id)) return;
    this.#present.add(id);
    const current = await importHkdfKey(this.#sendSecret);
    this.#sendSecret = await ratchetSecret(current);
    this.#sendIndex++;
    await this.#installSendKey();
  }

  async #installSendKey() {
    const secret = await importHkdfKey(this.#sendSecret);
    this.#ownRing.set(this.#sendIndex, secret);
    this.#ownTag ??= await senderTag(this.#identity.publicRaw);
    this.#sink.setSendKey(this.#sendIndex, secret, this.#ownTag);
  }

  /**
   * Whether the participant is in our breakout room (everyone while none is open).
   * @param {string} id
   */
  #inScope(id) {
    return this.#scope === null || (this.#scope.get(id) ?? -1) === (this.#scope.get(this.self) ?? -1);
  }

  /**
   * A fresh random sender secret (index + 1) for everyone verified in our scope: whoever left
   * it cannot derive it.
   * @returns {Promise<OutgoingMessage[]>}
   */
  async #rotate() {
    this.#sendSecret = randomBytes(kSenderSecretLength);
    this.#sendIndex++;
    await this.#installSendKey();
    const out = [];
    for (const peer of this.#peers.values()) if (this.#inScope(peer.id)) out.push(await this.#wrapFor(peer));
    return out;
  }

  /**
   * @param {Peer} peer
   * @returns {Promise<KeyMessage>}
   */
  #wrapFor(peer) {
    return wrapSenderSecret(this.#meeting, this.#identity, this.self, peer, this.#sendIndex, this.#sendSecret);
  }

  /**
   * @template T
   * @param {() => Promise<T>} task
   * @returns {Promise<T>}
   */
  #serial(task) {
    const run = this.#queue.then(task);
    this.#queue = run.catch(() => {});
    return run;
  }
}
