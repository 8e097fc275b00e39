// Unit tests of polls in the client (docs/e2ee.md "Polls"): three clients over a simulated server that relays as docs/protocol.md says, and one that misbehaves: tallies, changed votes, anonymous ballots counted once however the server repeats them, and a server that lies about anonymity or voters.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Polls } from '../../web/js/protocol/polls.js';
import { decryptPoll, encryptPoll, parsePoll } from '../../web/js/e2ee/poll_crypto.js';

const kRoom = 'team';

/** A simulated server and meeting: every client shares one asker's chat key, as after a key exchange. */
class Meeting {
  /** @type {Map<string, Polls>} */
  clients = new Map();
  /** @type {Map<string, Map<string, number>>} poll → voter → ballot */
  ballots = new Map();
  /** @type {Map<string, boolean>} */
  anonymous = new Map();
  /** Every message the server relayed, for tests that replay them. @type {any[]} */
  relayed = [];
  /** @type {CryptoKey | null} */
  key = null;
  /** Turns the server into one that claims a poll is named when its asker made it anonymous. */
  lieAboutAnonymity = false;

  async start(ids) {
    this.key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    for (const id of ids) {
      this.clients.set(id, new Polls({
        self: () => id,
        room: () => kRoom,
        encrypt: (poll, spec) => encryptPoll(/** @type {CryptoKey} */ (this.key), 7, { room: kRoom, from: id, poll }, spec),
        decrypt: async (from, poll, data) => {
          const parsed = parsePoll(data);
          return parsed && parsed.index === 7 ? decryptPoll(/** @type {CryptoKey} */ (this.key), parsed.bytes, { room: kRoom, from, poll }) : null;
        },
        send: (message) => this.#receive(id, message),
        changed: () => {},
      }));
    }
  }

  /** What the server does with a client's message (src/room/room_polls.cpp). */
  #receive(from, message) {
    if (message.type === 'poll-create') {
      const anonymous = this.lieAboutAnonymity ? !message.anonymous : message.anonymous;
      this.anonymous.set(message.poll, anonymous);
      this.ballots.set(message.poll, new Map());
      this.broadcast({ type: 'poll', poll: message.poll, from, anonymous, e2ee: message.e2ee });
    } else if (message.type === 'poll-vote') {
      const voters = /** @type {Map<string, number>} */ (this.ballots.get(message.poll));
      if (!voters.has(from)) voters.set(from, voters.size + 1);
      const relay = { type: 'poll-vote', poll: message.poll, ballot: voters.get(from), e2ee: message.e2ee };
      this.broadcast(this.anonymous.get(message.poll) ? relay : { ...relay, from });
    } else if (message.type === 'poll-close') {
      this.broadcast({ type: 'poll-closed', poll: message.poll, by: from });
    }
  }

  broadcast(message) {
    this.relayed.push(message);
    for (const client of this.clients.values()) {
      if (message.type === 'poll') client.received(message);
      else if (message.type === 'poll-vote') client.voted(message);
      else client.closed(message);
    }
  }

  async idle() {
    // Votes are encrypted asynchronously before they are sent; let them through, then drain.
    for (let i = 0; i < 5; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      await Promise.all([...this.clients.values()].map((c) => c.idle()));
    }
  }

  client(id) {
    return /** @type {Polls} */ (this.clients.get(id));
  }
}

const kQuestion = { question: 'Lunch?', answers: ['Pizza', 'Soup', 'Salad'], multiple: false };

test('a named poll: every client counts the same tally, names the voters, and a changed vote replaces the old', async () => {
  const m = new Meeting();
  await m.start(['mod', 'ada', 'ben']);
  const id = await m.client('mod').ask({ ...kQuestion, anonymous: false });
  await m.idle();
  await m.client('ada').vote(id, [0]);
  await m.client('ben').vote(id, [1]);
  await m.client('mod').vote(id, [1]);
  await m.client('ada').vote(id, [1]);  // changes her mind
  await m.idle();
  for (const client of m.clients.values()) {
    const view = client.get(id);
    assert.ok(view?.spec);
    assert.equal(view.spec.question, 'Lunch?');
    assert.deepEqual(view.counts, [0, 3, 0]);
    assert.equal(view.ballots, 3);
    assert.deepEqual(view.voters[1].sort(), ['ada', 'ben', 'mod']);
  }
  assert.deepEqual(m.client('ada').get(id)?.mine, [1]);
  // The server saw ciphertext only.
  for (const message of m.relayed) assert.ok(!JSON.stringify(message).includes('Pizza'));
});

test('an anonymous poll: ballots without names, and a ballot the server repeats counts once', async () => {
  const m = new Meeting();
  await m.start(['mod', 'ada', 'ben']);
  const id = await m.client('mod').ask({ ...kQuestion, answers: ['Yes', 'No'], multiple: true, anonymous: true });
  await m.idle();
  await m.client('ada').vote(id, [0, 1]);
  await m.client('ben').vote(id, [0]);
  await m.idle();
  const adas = m.relayed.find((msg) => msg.type === 'poll-vote' && msg.ballot === 1);
  assert.equal(adas.from, undefined);
  // The server replays Ada's ballot as a third voter's, and again as her own.
  m.broadcast({ ...adas, ballot: 3 });
  m.broadcast({ ...adas });
  await m.idle();
  for (const client of m.clients.values()) {
    const view = client.get(id);
    assert.deepEqual(view?.counts, [2, 1]);
    assert.equal(view?.ballots, 2);
    assert.deepEqual(view?.voters, [[], []]);
  }
  // Ada changes her vote; the server replays her first ballot afterwards: the newer one stands.
  await m.client('ada').vote(id, [1]);
  await m.idle();
  m.broadcast({ ...adas });
  await m.idle();
  assert.deepEqual(m.client('ben').get(id)?.counts, [1, 1]);
  assert.deepEqual(m.client('ada').get(id)?.mine, [1]);
});

test('a server that says a poll is named when its asker made it anonymous gets it shown as unreadable', async () => {
  const m = new Meeting();
  await m.start(['mod', 'ada']);
  m.lieAboutAnonymity = true;
  const id = await m.client('mod').ask({ ...kQuestion, anonymous: true });
  await m.idle();
  assert.equal(m.client('ada').get(id)?.spec, null);
  await m.client('ada').vote(id, [0]);  // nothing to vote in
  await m.idle();
  assert.equal(m.relayed.filter((msg) => msg.type === 'poll-vote').length, 0);
});

test('a named ballot the server passes off as another voter\'s is not counted', async () => {
  const m = new Meeting();
  await m.start(['mod', 'ada', 'ben']);
  const id = await m.client('mod').ask({ ...kQuestion, anonymous: false });
  await m.idle();
  await m.client('ada').vote(id, [2]);
  await m.idle();
  const adas = m.relayed.find((msg) => msg.type === 'poll-vote');
  m.broadcast({ ...adas, from: 'ben', ballot: 2 });
  await m.idle();
  assert.deepEqual(m.client('mod').get(id)?.counts, [0, 0, 1]);
  assert.deepEqual(m.client('mod').get(id)?.voters[2], ['ada']);
});

test('single-choice polls take one answer; after closing no ballot counts', async () => {
  const m = new Meeting();
  await m.start(['mod', 'ada']);
  const id = await m.client('mod').ask({ ...kQuestion, anonymous: false });
  await m.idle();
  await m.client('ada').vote(id, [0, 1]);  // refused by the client
  await m.idle();
  assert.equal(m.relayed.filter((msg) => msg.type === 'poll-vote').length, 0);
  await m.client('ada').vote(id, [0]);
  await m.idle();
  m.client('mod').close(id);
  await m.idle();
  const view = m.client('ada').get(id);
  assert.equal(view?.open, false);
  assert.equal(view?.closedBy, 'mod');
  // A ballot relayed after the close (a server that ignores it) changes nothing.
  const late = m.relayed.find((msg) => msg.type === 'poll-vote');
  m.broadcast({ ...late, ballot: 2, from: 'mod' });
  await m.idle();
  assert.deepEqual(m.client('ada').get(id)?.counts, [1, 0, 0]);
});
