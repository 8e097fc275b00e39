// A meeting of real client Encryption objects (web/js/protocol/encryption.js, each with its own MediaCryptor) over a fake server that relays as vicos does, and that a test can turn malicious: tamper with relayed messages, inject its own, replay old ones.

import { Encryption } from '../../web/js/protocol/encryption.js';
import { E2eeSession } from '../../web/js/e2ee/e2ee_session.js';
import { MediaCryptor } from '../../web/js/e2ee/media_cryptor.js';
import { createLinkSecret } from '../../web/js/e2ee/link_secret.js';

/** A video frame (VP8 delta: 3 clear bytes) as the encoder would hand it to the transform. */
export const kFrame = new Uint8Array([0x31, 0x02, 0x00, ...Array.from({ length: 40 }, (_, i) => i)]);

/** @param {Uint8Array | null} frame */
export function isClearFrame(frame) {
  return frame !== null && Buffer.from(frame).equals(Buffer.from(kFrame));
}

/** @returns {string} 32 hex digits, like the server's meeting instance */
export function randomInstance() {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('hex');
}

/**
 * @typedef {object} Member
 * @property {string} id
 * @property {string} role
 * @property {string} name
 * @property {boolean} plainMedia its browser cannot encrypt media
 * @property {Encryption} enc
 * @property {MediaCryptor | null} media null for a browser without encoded transforms
 * @property {FakeSignaling} signaling
 */

/** The part of SignalingClient that Encryption uses. */
class FakeSignaling {
  /** @type {Map<string, Set<(m: any) => void>>} */
  #listeners = new Map();
  /** @type {any[]} */
  sent = [];

  /** @param {(m: any) => void} toServer */
  constructor(toServer) {
    this.toServer = toServer;
  }

  /** @param {string} type @param {(m: any) => void} listener */
  on(type, listener) {
    if (!this.#listeners.has(type)) this.#listeners.set(type, new Set());
    this.#listeners.get(type)?.add(listener);
    return () => this.#listeners.get(type)?.delete(listener);
  }

  /** @param {any} message */
  send(message) {
    this.sent.push(message);
    this.toServer(message);
    return true;
  }

  /** A message from the server. @param {any} message */
  deliver(message) {
    for (const listener of this.#listeners.get(message.type) ?? []) listener(message);
  }
}

export class FakeServer {
  room = 'team-weekly';
  instance = randomInstance();
  link = createLinkSecret();
  /** @type {Map<string, Member>} */
  members = new Map();
  /** Everything relayed, as relayed. @type {any[]} */
  log = [];
  /** Applied to each relayed message: a malicious server changes what it likes. @type {(m: any) => any} */
  tamper = (m) => m;
  /** @type {{to: string, message: any}[]} */
  #queue = [];

  /**
   * A participant's page before it joins: its own keys, name and media.
   * @param {string} id
   * @param {{role?: string, plainMedia?: boolean, link?: Uint8Array}} [options]
   * @returns {Promise<Member>}
   */
  async prepare(id, { role = 'guest', plainMedia = false, link = this.link } = {}) {
    const name = `Name ${id}`;
    const media = plainMedia ? null : new MediaCryptor();
    const sink = media ?? { setSendKey() {}, setReceiveKey() {}, removeParticipant() {} };
    const session = await E2eeSession.create(new Uint8Array(link), this.room, name, sink, { plainMedia });
    const enc = new Encryption(/** @type {any} */ (media), session, name);
    /** @type {Member} */
    const member = { id, role, name, plainMedia, enc, media, signaling: new FakeSignaling((m) => this.#fromClient(member, m)) };
    // The server's word on roles, as the page's roster has it.
    enc.roleOf = (who) => /** @type {any} */ (this.members.get(who)?.role);
    enc.bind(/** @type {any} */ (member.signaling));
    return member;
  }

  /**
   * Lets a prepared participant in: everyone else hears `participant-joined`, it gets `joined`.
   * @param {Member} member
   */
  async enter(member) {
    const others = [...this.members.values()];
    this.members.set(member.id, member);
    for (const other of others) other.enc.participantJoined(info(member));
    member.enc.start(member.id, others.map(info), this.instance);
    await this.settle();
    return member;
  }

  /**
   * @param {string} id
   * @param {{role?: string, plainMedia?: boolean, link?: Uint8Array}} [options]
   */
  async join(id, options) {
    return this.enter(await this.prepare(id, options));
  }

  /**
   * A moderator clicks "Admit without end-to-end encryption" for someone who cannot encrypt media.
   * @param {Member} moderator
   * @param {string} id
   */
  async admitPlain(moderator, id) {
    const member = await this.prepare(id, { plainMedia: true });
    moderator.enc.admitPlain(id, member.enc.session.encryptedName);
    return this.enter(member);
  }

  /** @param {string} id */
  async leave(id) {
    this.members.delete(id);
    for (const other of this.members.values()) other.enc.participantLeft(id);
    await this.settle();
  }

  /**
   * A message of the server's own making, to one participant.
   * @param {Member} to
   * @param {any} message
   */
  async inject(to, message) {
    to.signaling.deliver(message);
    await this.settle();
  }

  /** Delivers everything queued until nobody has anything left to send. */
  async settle() {
    for (;;) {
      await Promise.all([...this.members.values()].map((m) => m.enc.whenIdle()));
      if (this.#queue.length === 0) return;
      for (const { to, message } of this.#queue.splice(0)) this.members.get(to)?.signaling.deliver(message);
    }
  }

  /**
   * What vicos does with each client message: `from` set by the server, to one or to everyone
   * else; decisions about media in clear only from moderators.
   * @param {Member} from
   * @param {any} message
   */
  #fromClient(from, message) {
    if (!['e2ee-announce', 'e2ee-key', 'e2ee-plain-media'].includes(message.type)) return;
    if (message.type === 'e2ee-plain-media' && from.role !== 'moderator') return;
    const relayed = this.tamper({ ...message, from: from.id });
    this.log.push(relayed);
    const targets = message.to ? [message.to] : [...this.members.keys()].filter((id) => id !== from.id);
    for (const to of targets) this.#queue.push({ to, message: relayed });
  }
}

/**
 * A participant object as the server lists it.
 * @param {Member} m
 */
function info(m) {
  return { id: m.id, name: 'ciphertext', audio: false, video: true, e2ee: true, role: m.role };
}

/**
 * One of `member`'s own video frames as it leaves the page.
 * @param {Member} member
 */
export function frameFrom(member) {
  return /** @type {MediaCryptor} */ (member.media).encrypt('video', new Uint8Array(kFrame));
}

/**
 * What `receiver` makes of a frame attributed to `from`: null when dropped.
 * @param {Member} receiver
 * @param {string} from
 * @param {Uint8Array<ArrayBuffer>} frame
 */
export async function receive(receiver, from, frame) {
  const opened = await /** @type {MediaCryptor} */ (receiver.media).decrypt(from, 'video', new Uint8Array(frame));
  return opened?.data ?? null;
}
