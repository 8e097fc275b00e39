// Breakout rooms of one participation (docs/protocol.md "Breakout rooms"): the server's state, the room we are in, a moderator's commands, and our media key kept to our room.

/** @typedef {import('./signaling.js').SignalingClient} SignalingClient */
/** @typedef {import('./signaling.js').BreakoutsMessage} BreakoutsMessage */
/** @typedef {import('./encryption.js').Encryption} Encryption */

/** The server's bound (src/signaling/breakout_messages.hpp kMaxBreakoutRooms). */
export const kMaxBreakoutRooms = 20;

/**
 * @typedef {object} BreakoutEvents
 * @property {() => void} changed the rooms, who is where, or our own room changed
 * @property {(from: string, text: string | null) => void} broadcast a moderator's message to every
 *   room; null when it could not be decrypted
 */

/**
 * Deals participants at random into `count` rooms of nearly equal size.
 * @param {string[]} ids
 * @param {number} count
 * @returns {Record<string, number>}
 */
export function randomAssignment(ids, count) {
  const shuffled = [...ids];
  const random = new Uint32Array(shuffled.length);
  crypto.getRandomValues(random);
  // Fisher-Yates; the modulo bias of a 32-bit value over a few dozen places is negligible here.
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = random[i] % (i + 1);
    [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
  }
  /** @type {Record<string, number>} */
  const out = {};
  shuffled.forEach((id, i) => { out[id] = i % count; });
  return out;
}

export class BreakoutRooms {
  /** As the server last said; no rooms until a moderator creates them. @type {BreakoutsMessage} */
  state = { type: 'breakouts', open: false, choose: false, rooms: [] };
  /** When the close's countdown ends, in `Date.now()` time; null without one. @type {number | null} */
  closesAt = null;
  #signaling;
  #encryption;
  #self;
  #events;
  /** The key scope last given to the encryption, to skip repeats. */
  #scopeKey = '';

  /**
   * @param {SignalingClient} signaling
   * @param {Encryption | null} encryption
   * @param {() => string} self our participant id
   * @param {BreakoutEvents} events
   */
  constructor(signaling, encryption, self, events) {
    this.#signaling = signaling;
    this.#encryption = encryption;
    this.#self = self;
    this.#events = events;
    signaling.on('breakouts', (m) => this.#update(m));
    signaling.on('breakout-broadcast', ({ from, e2ee }) => {
      const decrypted = encryption ? encryption.session.decryptBroadcast(from, e2ee) : Promise.resolve(null);
      decrypted.catch(() => null).then((text) => events.broadcast(from, text));
    });
  }

  /**
   * The breakout room a participant is in now, null for the main room.
   * @param {string} id
   * @returns {number | null}
   */
  where(id) {
    if (!this.state.open) return null;
    const index = this.state.rooms.findIndex((room) => room.members.includes(id));
    return index < 0 ? null : index;
  }

  /** Our own breakout room, null for the main room. */
  get mine() {
    return this.where(this.#self());
  }

  /**
   * Whether the participant is in the same room as we are (and so is seen and heard).
   * @param {string} id
   */
  withUs(id) {
    return this.where(id) === this.mine;
  }

  /**
   * New rooms, replacing the old ones and every assignment (moderators, while closed).
   * @param {string[]} names
   * @param {boolean} choose participants may pick their room themselves
   */
  create(names, choose) {
    return this.#signaling.send({ type: 'breakout-create', rooms: names, choose });
  }

  /** @param {Record<string, number | null>} assign participant id → room index, null: main room */
  assign(assign) {
    return this.#signaling.send({ type: 'breakout-assign', assign });
  }

  open() {
    return this.#signaling.send({ type: 'breakout-open' });
  }

  /** @param {number} countdown seconds until everyone is back, 0–300 */
  close(countdown) {
    return this.#signaling.send({ type: 'breakout-close', countdown });
  }

  /**
   * Goes to a breakout room (null: the main room): a moderator's visit, or a participant's
   * choice where the moderator allowed it.
   * @param {number | null} room
   */
  move(room) {
    return this.#signaling.send({ type: 'breakout-move', room });
  }

  /**
   * A message to every room, encrypted under the link (docs/e2ee.md "Breakout rooms").
   * @param {string} text
   * @returns {Promise<boolean>}
   */
  async broadcast(text) {
    if (!this.#encryption) return false;
    const e2ee = await this.#encryption.session.encryptBroadcast(text);
    return this.#signaling.send({ type: 'breakout-broadcast', e2ee });
  }

  /** @param {BreakoutsMessage} m */
  #update(m) {
    this.state = m;
    this.closesAt = m.closesIn === undefined ? null : Date.now() + m.closesIn * 1000;
    // Our media key goes only to our room's members from now on (docs/e2ee.md "Breakout rooms").
    /** @type {Map<string, number> | null} */
    const places = m.open ? new Map() : null;
    if (places) m.rooms.forEach((room, index) => { for (const id of room.members) places.set(id, index); });
    const key = places ? JSON.stringify([...places].sort()) : '';
    if (key !== this.#scopeKey) {
      this.#scopeKey = key;
      this.#encryption?.setScope(places);
    }
    this.#events.changed();
  }
}
