// The meeting's polls as this client knows them: asking, voting and closing, and the tally each client counts itself from the encrypted ballots the server relays (docs/e2ee.md "Polls"); in memory only, gone when the page leaves the meeting.

import { randomBytes, toBase64Url } from '../e2ee/bytes.js';
import { decryptBallot, encryptBallot, newBallotSecret } from '../e2ee/poll_crypto.js';

/** @typedef {import('../e2ee/poll_crypto.js').PollSpec} PollSpec */
/** @typedef {import('../e2ee/poll_crypto.js').Ballot} Ballot */
/** @typedef {import('./signaling.js').SignalingClient} SignalingClient */
/** @typedef {import('./signaling.js').PollMessage} PollMessage */
/** @typedef {import('./signaling.js').PollVoteMessage} PollVoteMessage */

/**
 * A poll as the UI shows it. `spec` is null when this client cannot read the poll (asked before
 * it joined, or not what the server claims): it is listed, but nobody's ballot is counted.
 * @typedef {object} PollView
 * @property {string} id
 * @property {string} from the asker's participant id
 * @property {boolean} anonymous
 * @property {Omit<PollSpec, 'key'> | null} spec
 * @property {boolean} open
 * @property {string} closedBy who closed it, '' while open
 * @property {number[]} counts ballots per answer
 * @property {number} ballots how many voters
 * @property {string[][]} voters per answer, the voters' ids (named polls only)
 * @property {number[] | null} mine this client's choices, null before it voted
 */

/**
 * @typedef {object} PollState
 * @property {PollView} view
 * @property {Uint8Array<ArrayBuffer> | null} key the poll key, from the decrypted poll
 * @property {Map<string, Ballot>} ballots by ballot key: `from:<id>` (named) or `n:<number>` (anonymous)
 * @property {Map<string, string>} secrets ballot secret (base64url) → the ballot key that first showed it
 * @property {Ballot | null} own this client's latest ballot
 */

/**
 * What the polls need of the session.
 * @typedef {object} PollHost
 * @property {() => string} self
 * @property {() => string} room
 * @property {(poll: string, spec: PollSpec) => Promise<string | null>} encrypt the asker's side (E2eeSession.encryptPoll)
 * @property {(from: string, poll: string, data: string) => Promise<PollSpec | null>} decrypt
 * @property {(message: import('./signaling.js').PollSend) => void} send
 * @property {(id: string, what: 'asked' | 'voted' | 'closed') => void} changed
 */

export class Polls {
  /** @type {Map<string, PollState>} in the order asked */
  #polls = new Map();
  /** Relayed messages are handled one after the other, in arrival order. @type {Promise<void>} */
  #queue = Promise.resolve();
  /** @type {PollHost} */
  #host;

  /** @param {PollHost} host */
  constructor(host) {
    this.#host = host;
  }

  /** @returns {PollView[]} */
  list() {
    return [...this.#polls.values()].map((p) => p.view);
  }

  /** @param {string} id */
  get(id) {
    return this.#polls.get(id)?.view ?? null;
  }

  /**
   * Asks a poll; it shows once the server relays it back.
   * @param {Omit<PollSpec, 'key'>} question
   * @returns {Promise<string>} the new poll's id
   */
  async ask(question) {
    const id = toBase64Url(randomBytes(16));
    const e2ee = await this.#host.encrypt(id, { ...question, key: randomBytes(32) });
    if (e2ee === null) throw new Error('e2ee-poll-failed');
    this.#host.send({ type: 'poll-create', poll: id, anonymous: question.anonymous, e2ee });
    return id;
  }

  /**
   * Casts or changes this client's vote.
   * @param {string} id
   * @param {number[]} choices answer indices: one for a single-choice poll, one or more otherwise
   */
  async vote(id, choices) {
    const poll = this.#polls.get(id);
    if (!poll?.key || !poll.view.spec || !poll.view.open) return;
    const answers = poll.view.spec.answers.length;
    const chosen = [...new Set(choices)].filter((i) => Number.isInteger(i) && i >= 0 && i < answers).sort((a, b) => a - b);
    if (chosen.length === 0 || (!poll.view.spec.multiple && chosen.length > 1)) return;
    const ballot = { secret: poll.own?.secret ?? newBallotSecret(), seq: (poll.own?.seq ?? 0) + 1, choices: chosen };
    poll.own = ballot;
    const context = { room: this.#host.room(), poll: id, voter: poll.view.anonymous ? null : this.#host.self() };
    this.#host.send({ type: 'poll-vote', poll: id, e2ee: await encryptBallot(poll.key, context, ballot) });
  }

  /** @param {string} id */
  close(id) {
    this.#host.send({ type: 'poll-close', poll: id });
  }

  /** @param {PollMessage} message */
  received(message) {
    this.#serial(async () => {
      if (this.#polls.has(message.poll)) return;  // an id is asked once
      let spec = await this.#host.decrypt(message.from, message.poll, message.e2ee).catch(() => null);
      // The server relays votes with or without names by its own flag: a poll whose asker said
      // otherwise is not shown as readable, so nobody votes believing in an anonymity it lacks.
      if (spec && spec.anonymous !== message.anonymous) spec = null;
      this.#polls.set(message.poll, {
        view: { id: message.poll, from: message.from, anonymous: message.anonymous,
          spec: spec && { question: spec.question, answers: spec.answers, multiple: spec.multiple, anonymous: spec.anonymous },
          open: true, closedBy: '', counts: spec ? spec.answers.map(() => 0) : [], ballots: 0,
          voters: spec ? spec.answers.map(() => []) : [], mine: null },
        key: spec?.key ?? null, ballots: new Map(), secrets: new Map(), own: null,
      });
      this.#host.changed(message.poll, 'asked');
    });
  }

  /** @param {PollVoteMessage} message */
  voted(message) {
    this.#serial(async () => {
      const poll = this.#polls.get(message.poll);
      if (!poll?.key || !poll.view.spec || !poll.view.open) return;
      // A named poll's ballots come with the voter's id and anonymous ones without: anything
      // else is not what the asker set up.
      if (poll.view.anonymous !== (message.from === undefined)) return;
      const voter = message.from ?? null;
      const ballot = await decryptBallot(poll.key, message.e2ee, { room: this.#host.room(), poll: message.poll, voter },
        poll.view.spec.answers.length);
      if (!ballot || ballot.choices.length === 0 || (!poll.view.spec.multiple && ballot.choices.length > 1)) return;
      const slot = voter === null ? `n:${message.ballot}` : `from:${voter}`;
      const secret = toBase64Url(ballot.secret);
      const previous = poll.ballots.get(slot);
      // A ballot the server repeats under another number, or an old one it replays, counts once.
      if ((poll.secrets.get(secret) ?? slot) !== slot) return;
      if (previous && (toBase64Url(previous.secret) !== secret || ballot.seq <= previous.seq)) return;
      poll.secrets.set(secret, slot);
      poll.ballots.set(slot, ballot);
      if (poll.own && toBase64Url(poll.own.secret) === secret) poll.view.mine = ballot.choices;
      this.#tally(poll);
      this.#host.changed(message.poll, 'voted');
    });
  }

  /** @param {{poll: string, by: string}} message */
  closed(message) {
    this.#serial(async () => {
      const poll = this.#polls.get(message.poll);
      if (!poll || !poll.view.open) return;
      poll.view.open = false;
      poll.view.closedBy = message.by;
      this.#host.changed(message.poll, 'closed');
    });
  }

  /** Leaving the meeting: every poll is forgotten. */
  clear() {
    this.#polls.clear();
  }

  /** Resolves once every relayed message so far is handled (tests). */
  idle() {
    return this.#queue;
  }

  /** @param {PollState} poll */
  #tally(poll) {
    const answers = poll.view.spec?.answers.length ?? 0;
    const counts = new Array(answers).fill(0);
    /** @type {string[][]} */
    const voters = Array.from({ length: answers }, () => []);
    for (const [slot, ballot] of poll.ballots) {
      for (const i of ballot.choices) {
        counts[i] += 1;
        if (slot.startsWith('from:')) voters[i].push(slot.slice(5));
      }
    }
    poll.view.counts = counts;
    poll.view.voters = voters;
    poll.view.ballots = poll.ballots.size;
  }

  /** @param {() => Promise<void>} task */
  #serial(task) {
    this.#queue = this.#queue.then(task).catch(() => {});
  }
}
