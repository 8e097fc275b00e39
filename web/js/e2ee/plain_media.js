// A moderator's end-to-end authenticated decision that someone whose browser cannot encrypt media takes part with media in clear, and which such decisions this participant holds (docs/e2ee.md "Participants who cannot encrypt media").

import { fields, fromBase64Url, toBase64Url } from './bytes.js';
import { isId, kMacLength } from './key_exchange.js';

/** @typedef {import('./bytes.js').Bytes} Bytes */
/** @typedef {import('./key_schedule.js').MeetingKeys} MeetingKeys */
/** @typedef {import('./key_exchange.js').PeerIdentity} PeerIdentity */

/**
 * Client → server (moderators only); relayed with `from` set, to everyone or to `to` only.
 * @typedef {{type: 'e2ee-plain-media', participant: string, mac: string, to?: string}} PlainMediaMessage
 */

/**
 * A participant as far as decisions need it: verified, and whether it proved that it holds the
 * private key of its announcement in this meeting (a key message from it decrypted).
 * @typedef {PeerIdentity & {confirmed: boolean, displayName: string | null}} DecisionPeer
 */

/**
 * What a decision is checked against.
 * @typedef {object} DecisionContext
 * @property {MeetingKeys} meeting
 * @property {string} instance this meeting instance, from `joined`
 * @property {{id: string, publicRaw: Bytes}} self
 * @property {boolean} selfModerator the server says we are a moderator
 * @property {(id: string) => boolean} isModerator the server says so of another participant
 * @property {Map<string, DecisionPeer>} peers every verified participant present
 */

/** Who decided about one participant: the moderator's id, and name as verified then. @typedef {{by: string, name: string | null}} Decision */

/**
 * MAC input: the moderator and the admitted participant, each by id and public key, in this
 * room and meeting instance. Both keys are fresh per join, so no decision of another
 * participation verifies.
 * @param {MeetingKeys} meeting
 * @param {string} instance
 * @param {{id: string, publicRaw: Bytes}} moderator
 * @param {{id: string, publicRaw: Bytes}} participant
 * @returns {Bytes}
 */
function decisionInput(meeting, instance, moderator, participant) {
  return fields('plain-media', meeting.room, instance, moderator.id, moderator.publicRaw, participant.id,
    participant.publicRaw);
}

/**
 * @param {MeetingKeys} meeting
 * @param {string} instance
 * @param {{id: string, publicRaw: Bytes}} moderator ourselves
 * @param {PeerIdentity} participant
 * @param {string} [to] one participant instead of everyone
 * @returns {Promise<PlainMediaMessage>}
 */
export async function makeDecision(meeting, instance, moderator, participant, to) {
  const mac = await crypto.subtle.sign('HMAC', meeting.announceKey, decisionInput(meeting, instance, moderator, participant));
  /** @type {PlainMediaMessage} */
  const message = { type: 'e2ee-plain-media', participant: participant.id, mac: toBase64Url(new Uint8Array(mac)) };
  if (to !== undefined) message.to = to;
  return message;
}

/**
 * The decisions this participant made or accepted, and relayed ones it cannot check yet.
 * A relayed decision counts only when (1) its MAC verifies (the server lacks the link), (2) the
 * moderator and the participant it names are present, verified for this instance and have each
 * proved that they hold their key now (so no replayed announcement of an earlier meeting can
 * take part), (3) the server lists the sender as a moderator, and (4) the participant's own
 * authenticated announcement says that its browser cannot encrypt media.
 */
export class PlainMediaDecisions {
  /** Participant → who decided, for everyone a decision was accepted about. @type {Map<string, Decision>} */
  admitted = new Map();
  /** Relayed decisions refused (bad MAC, not a moderator, the participant can encrypt). */
  rejected = 0;
  /** Relayed, waiting for both to be confirmed: `from participant` → MAC. @type {Map<string, {from: string, participant: string, mac: Bytes}>} */
  #pending = new Map();
  /** Whom we let in as a moderator, with the encrypted name they knocked with. @type {Map<string, string>} */
  #mine = new Map();

  /**
   * We admitted `id` with media in clear: decide once their announcement shows the name they
   * knocked with, says they cannot encrypt media, and they proved to hold their key.
   * @param {string} id
   * @param {string} encryptedName
   */
  admit(id, encryptedName) {
    this.#mine.set(id, encryptedName);
  }

  /**
   * A relayed decision; `present` tells who the server says is here. Its MAC does not name a
   * recipient: a decision holds for the whole meeting, whoever it was sent to.
   * @param {unknown} message
   * @param {(id: string) => boolean} present
   * @returns {boolean} false when malformed or about nobody present
   */
  receive(message, present) {
    if (typeof message !== 'object' || message === null) return false;
    const m = /** @type {Record<string, unknown>} */ (message);
    const mac = fromBase64Url(m.mac);
    if (!isId(m.from) || !isId(m.participant) || !mac || mac.length !== kMacLength) return false;
    // Nobody decides about themselves; we are not among those `present` lists.
    if (m.from === m.participant || !present(m.from) || !present(m.participant)) return false;
    this.#pending.set(`${m.from} ${m.participant}`, { from: m.from, participant: m.participant, mac });
    return true;
  }

  /**
   * Decides what can be decided now: our own admissions, relayed decisions whose moderator and
   * participant are both confirmed.
   * @param {DecisionContext} context
   * @returns {Promise<PlainMediaMessage[]>} our decisions, to everyone
   */
  async settle(context) {
    const { meeting, instance, peers } = context;
    /** @type {PlainMediaMessage[]} */
    const out = [];
    for (const [id, encryptedName] of this.#mine) {
      const peer = peers.get(id);
      if (!peer?.confirmed) continue;
      this.#mine.delete(id);
      if (!context.selfModerator || !peer.plainMedia || peer.name !== encryptedName || this.admitted.has(id)) continue;
      this.admitted.set(id, { by: context.self.id, name: null });
      out.push(await makeDecision(meeting, instance, context.self, peer));
    }
    for (const [key, { from, participant, mac }] of this.#pending) {
      const moderator = peers.get(from);
      const peer = peers.get(participant);
      if (!moderator?.confirmed || !peer?.confirmed) continue;
      this.#pending.delete(key);
      if (this.admitted.has(participant)) continue;
      const ok = context.isModerator(from) && peer.plainMedia &&
        await crypto.subtle.verify('HMAC', meeting.announceKey, mac, decisionInput(meeting, instance, moderator, peer));
      if (ok) this.admitted.set(participant, { by: from, name: moderator.displayName });
      else this.rejected++;
    }
    return out;
  }

  /**
   * As a moderator, our decisions for one participant who may not have them (a newcomer, or
   * one back from reconnecting), so that they too can see and hear everyone.
   * @param {DecisionContext} context
   * @param {string} to
   * @returns {Promise<PlainMediaMessage[]>}
   */
  async repeatTo(context, to) {
    if (!context.selfModerator) return [];
    const out = [];
    for (const id of this.admitted.keys()) {
      const peer = context.peers.get(id);
      if (peer && id !== to) out.push(await makeDecision(context.meeting, context.instance, context.self, peer, to));
    }
    return out;
  }

  /**
   * Someone left: a decision about them ends; one they made stays with whoever accepted it.
   * @param {string} id
   */
  forget(id) {
    this.admitted.delete(id);
    this.#mine.delete(id);
    for (const [key, entry] of this.#pending) if (entry.from === id || entry.participant === id) this.#pending.delete(key);
  }
}
