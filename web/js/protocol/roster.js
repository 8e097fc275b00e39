// The others in the room as this client knows them: who joined, changed or left, with names as the end-to-end encryption verified them, and the keys told of every arrival and departure (docs/e2ee.md).

/** @typedef {import('./signaling.js').Participant} Participant */
/** @typedef {import('./encryption.js').Encryption} Encryption */

/**
 * @typedef {object} RosterEvents
 * @property {(p: Participant) => void} participantJoined
 * @property {(p: Participant) => void} participantUpdated
 * @property {(p: Participant) => void} participantLeft
 */

export class Roster {
  /** Everyone else in the room, by id. @type {Map<string, Participant>} */
  participants = new Map();
  /** @type {Encryption} */
  #encryption;
  /** @type {RosterEvents} */
  #events;

  /**
   * @param {Encryption} encryption
   * @param {RosterEvents} events
   */
  constructor(encryption, events) {
    this.#encryption = encryption;
    this.#events = events;
  }

  /**
   * A participant as the UI shows them: the verified name from their announcement (the server
   * only has ciphertext), '…' until it verified, or the plain name of an unencrypted participant.
   * @param {Participant} p
   * @returns {Participant}
   */
  named(p) {
    const name = this.#encryption.displayName(p.id) ?? (p.e2ee ? '…' : p.name);
    return { ...p, name };
  }

  /** Those present when we joined; they are announced by `joined`, not one by one. @param {Participant[]} list */
  start(list) {
    for (const p of list) this.participants.set(p.id, this.named(p));
  }

  /** @param {Participant} raw */
  joined(raw) {
    this.#encryption.participantJoined(raw);
    const participant = this.named(raw);
    this.participants.set(participant.id, participant);
    this.#events.participantJoined(participant);
  }

  /** @param {Participant} raw someone else's new state */
  updated(raw) {
    const participant = this.named(raw);
    // Back from reconnecting: what we sent them meanwhile may be lost (docs/e2ee.md).
    if (this.participants.get(participant.id)?.reconnecting && !participant.reconnecting) {
      this.#encryption.participantReturned(participant.id);
    }
    this.participants.set(participant.id, participant);
    this.#events.participantUpdated(participant);
  }

  /** @param {string} id */
  left(id) {
    const participant = this.participants.get(id);
    if (!participant) return;
    this.#encryption.participantLeft(id);
    this.participants.delete(id);
    this.#events.participantLeft(participant);
  }

  /**
   * After a resume: whoever came or went while we were away, as if we had heard it (keys ratchet
   * and rotate as usual).
   * @param {Participant[]} list everyone else present now
   */
  reconcile(list) {
    const present = new Set(list.map((p) => p.id));
    for (const id of [...this.participants.keys()]) if (!present.has(id)) this.left(id);
    for (const raw of list) {
      if (this.participants.has(raw.id)) this.updated(raw);
      else this.joined(raw);
    }
  }

  /** Names verified since: shows them. */
  renamed() {
    for (const [id, p] of this.participants) {
      const named = this.named(p);
      if (named.name === p.name) continue;
      this.participants.set(id, named);
      this.#events.participantUpdated(named);
    }
  }
}
