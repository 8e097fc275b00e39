// Unit tests of the e2ee session: three participants over a simulated (and sometimes malicious) signaling relay, rotation, ratchet, safety codes, chat and names.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { E2eeSession } from '../../web/js/e2ee/e2ee_session.js';
import { MediaCryptor } from '../../web/js/e2ee/media_cryptor.js';
import { createLinkSecret } from '../../web/js/e2ee/link_secret.js';
import { createIdentity, makeAnnounce } from '../../web/js/e2ee/key_exchange.js';
import { deriveMeetingKeys } from '../../web/js/e2ee/key_schedule.js';
import { safetyCode } from '../../web/js/e2ee/safety_code.js';
import { encryptName, decryptName, kEncryptedNameLength } from '../../web/js/e2ee/text_crypto.js';

const kRoom = 'team-weekly';
const kFrame = new Uint8Array([0x31, 0x02, 0x00, ...Array.from({ length: 40 }, (_, i) => i)]);

/** A relay that behaves like the server should: adds `from`, delivers in order, keeps a log. */
class Relay {
  link = createLinkSecret();
  instance = 'c0ffee00c0ffee00c0ffee00c0ffee00';
  /** @type {Map<string, {id: string, session: E2eeSession, media: MediaCryptor, received: number, from: string[]}>} */
  members = new Map();
  /** @type {{to: string, event: string, payload: any}[]} */
  queue = [];
  /** @type {any[]} */
  log = [];

  /** @param {string} id @param {Uint8Array} [link] */
  async join(id, link = this.link) {
    const media = new MediaCryptor();
    const sink = {
      /** @type {(i: number, s: CryptoKey, t: number) => void} */ setSendKey: (i, s, t) => media.setSendKey(i, s, t),
      /** @type {(p: string, i: number, s: CryptoKey, t: number) => void} */
      setReceiveKey: (p, i, s, t) => { member.received++; member.from.push(p); media.setReceiveKey(p, i, s, t); },
      /** @type {(p: string) => void} */ removeParticipant: (p) => media.removeParticipant(p),
    };
    const session = await E2eeSession.create(new Uint8Array(link), kRoom, `Name ${id}`, sink);
    const member = { id, session, media, received: 0, from: /** @type {string[]} */ ([]) };
    const present = [...this.members.keys()];
    this.members.set(id, member);
    for (const other of present) this.queue.push({ to: other, event: 'joined', payload: id });
    this.send(id, await session.start(id, present, this.instance));
    await this.flush();
    return member;
  }

  /** @param {string} id */
  async leave(id) {
    const member = this.members.get(id);
    this.members.delete(id);
    for (const other of this.members.keys()) this.queue.push({ to: other, event: 'left', payload: id });
    await this.flush();
    return member;
  }

  /** @param {string} from @param {any[]} messages */
  send(from, messages) {
    for (const m of messages) {
      const relayed = { ...m, from };
      this.log.push(relayed);
      const targets = m.to ? [m.to] : [...this.members.keys()].filter((id) => id !== from);
      for (const to of targets) this.queue.push({ to, event: m.type, payload: relayed });
    }
  }

  async flush() {
    while (this.queue.length > 0) {
      const { to, event, payload } = /** @type {any} */ (this.queue.shift());
      const member = this.members.get(to);
      if (!member) continue;
      const s = member.session;
      const out = event === 'joined' ? await s.participantJoined(payload)
        : event === 'left' ? await s.participantLeft(payload)
          : event === 'e2ee-announce' ? await s.handleAnnounce(payload)
            : await s.handleKey(payload);
      this.send(to, out);
    }
  }
}

/** @param {{media: MediaCryptor}} sender @param {string} label */
async function frameFrom(sender, label = 'video') {
  return /** @type {Uint8Array<ArrayBuffer>} */ (await sender.media.encrypt(label, kFrame));
}

/** @param {{media: MediaCryptor}} receiver @param {string} from @param {Uint8Array<ArrayBuffer>} frame */
async function opens(receiver, from, frame, label = 'video') {
  const out = await receiver.media.decrypt(from, label, frame);
  return out !== null && Buffer.from(out.data).equals(Buffer.from(kFrame));
}

test('three participants exchange keys, read each other and agree on the safety code', async () => {
  const relay = new Relay();
  const a = await relay.join('a');
  const b = await relay.join('b');
  const c = await relay.join('c');
  for (const s of [a, b, c]) {
    for (const r of [a, b, c]) {
      if (s === r) continue;
      for (const label of ['audio', 'video']) assert.ok(await opens(r, s.id, await frameFrom(s, label), label), `${s.id} → ${r.id} ${label}`);
    }
    assert.ok(s.session.allVerified());
  }
  assert.equal(a.session.displayName('c'), 'Name c');
  assert.equal(c.session.displayName('a'), 'Name a');
  const code = await a.session.safetyCode();
  assert.match(code, /^\d{4}( \d{4}){4}$/);
  assert.equal(await b.session.safetyCode(), code);
  assert.equal(await c.session.safetyCode(), code);
  // Nothing the server relayed holds a name or a key in clear.
  const wire = JSON.stringify(relay.log);
  assert.ok(!wire.includes('Name '));
});

test('ratchet on join: the newcomer cannot read frames from before it joined, the others follow without a message', async () => {
  const relay = new Relay();
  const a = await relay.join('a');
  const b = await relay.join('b');
  const before = await frameFrom(a);
  const indexBefore = a.session.sendIndex;
  const fromA = b.from.filter((p) => p === 'a').length;
  const c = await relay.join('c');
  assert.equal(a.session.sendIndex, indexBefore + 1);
  assert.equal(await opens(c, 'a', before), false);
  assert.ok(c.media.stats.unknownKey + c.media.stats.badTag >= 1);
  const after = await frameFrom(a);
  assert.ok(await opens(c, 'a', after));
  assert.equal(b.from.filter((p) => p === 'a').length, fromA, 'b got no new key message from a');
  assert.ok(await opens(b, 'a', after), 'b ratcheted a’s key itself');
});

test('rotation on leave: the departed participant cannot read what follows', async () => {
  const relay = new Relay();
  const a = await relay.join('a');
  const b = await relay.join('b');
  const c = await relay.join('c');
  assert.ok(await opens(c, 'a', await frameFrom(a)));
  const departed = /** @type {any} */ (await relay.leave('c'));
  const frame = await frameFrom(a);
  assert.ok(await opens(b, 'a', frame));
  assert.equal(await opens(departed, 'a', frame), false);
  assert.ok(await opens(a, 'b', await frameFrom(b)));
  assert.equal(await opens(departed, 'b', await frameFrom(b)), false);
  // Nor after later joins, which ratchet the fresh key the departed never had.
  await relay.join('d');
  assert.equal(await opens(departed, 'a', await frameFrom(a)), false);
  // A group chat written after the leave stays unreadable to the departed as well.
  const text = /** @type {string} */ (await a.session.encryptChat('after c left'));
  assert.equal(await b.session.decryptChat('a', text), 'after c left');
  assert.equal(await departed.session.decryptChat('a', text), null);
});

test('a malicious server can neither inject its own key nor rebind or replay announcements and keys', async () => {
  const relay = new Relay();
  const a = await relay.join('a');
  const b = await relay.join('b');
  const code = await a.session.safetyCode();
  // Its own key, announced without the link secret.
  const evil = await deriveMeetingKeys(createLinkSecret(), kRoom);
  const evilAnnounce = await makeAnnounce(evil, { instance: relay.instance, id: 'x', plainMedia: false },
    await createIdentity(), a.session.encryptedName);
  assert.deepEqual(await a.session.handleAnnounce({ ...evilAnnounce, from: 'x' }), []);
  // B's genuine announcement relayed as someone else, or with the key swapped.
  const genuine = relay.log.find((m) => m.type === 'e2ee-announce' && m.from === 'b');
  assert.deepEqual(await a.session.handleAnnounce({ ...genuine, from: 'x' }), []);
  const forged = await makeAnnounce(evil, { instance: relay.instance, id: 'b', plainMedia: false },
    await createIdentity(), a.session.encryptedName);
  assert.deepEqual(await a.session.handleAnnounce({ ...genuine, pub: forged.pub }), []);
  assert.equal(a.session.rejected, 3);
  assert.equal(await a.session.safetyCode(), code);
  assert.equal(a.session.displayName('x'), null);

  // An old key message replayed after a rotation does not roll b's view of a's key back.
  const c = await relay.join('c');
  await relay.leave('c');
  const keysToB = relay.log.filter((m) => m.type === 'e2ee-key' && m.from === 'a' && m.to === 'b');
  const receivedBefore = b.received;
  for (const old of keysToB) assert.deepEqual(await b.session.handleKey(old), []);
  assert.equal(b.received, receivedBefore, 'no replayed key installed');
  assert.ok(await opens(b, 'a', await frameFrom(a)));
  // A key message redirected to another recipient, or tampered with, is ignored.
  const last = keysToB[keysToB.length - 1];
  await c.session.handleKey({ ...last, to: 'c' });
  assert.equal(c.received, 2);
  const tampered = { ...last, idx: last.idx + 5 };
  await b.session.handleKey(tampered);
  assert.equal(b.received, receivedBefore);
});

test('without the link secret a participant is not verified and reads nothing', async () => {
  const relay = new Relay();
  const a = await relay.join('a');
  const outsider = await relay.join('o', createLinkSecret());
  assert.equal(a.session.allVerified(), false);
  assert.equal(outsider.received, 0);
  assert.equal(await opens(outsider, 'a', await frameFrom(a)), false);
  assert.equal(await outsider.session.decryptName(a.session.encryptedName), null);
  const text = /** @type {string} */ (await a.session.encryptChat('secret'));
  assert.equal(await outsider.session.decryptChat('a', text), null);
});

test('safety codes do not depend on order and change when a key is swapped', async () => {
  const keys = await Promise.all([1, 2, 3].map(async () => (await createIdentity()).publicRaw));
  const code = await safetyCode(keys);
  assert.equal(await safetyCode([keys[2], keys[0], keys[1]]), code);
  assert.notEqual(await safetyCode([keys[0], keys[1], (await createIdentity()).publicRaw]), code);
  assert.notEqual(await safetyCode(keys.slice(0, 2)), code);
});

test('chat: to everyone, privately, echoed to the sender; replays refused', async () => {
  const relay = new Relay();
  const a = await relay.join('a');
  const b = await relay.join('b');
  const c = await relay.join('c');
  const text = 'Hallo zusammen 👋\nzweite Zeile';
  const group = /** @type {string} */ (await a.session.encryptChat(text));
  assert.equal(await b.session.decryptChat('a', group), text);
  assert.equal(await c.session.decryptChat('a', group), text);
  assert.equal(await a.session.decryptChat('a', group), text, 'own echo');
  assert.equal(await b.session.decryptChat('a', group), null, 'replay');
  assert.equal(await b.session.decryptChat('c', group), null, 'wrong sender');

  const secret = /** @type {string} */ (await a.session.encryptChat('nur für b', 'b'));
  assert.equal(await c.session.decryptChat('a', secret, 'b'), null, 'c cannot read a private message to b');
  assert.equal(await b.session.decryptChat('a', secret, 'b'), 'nur für b');
  assert.equal(await a.session.decryptChat('a', secret, 'b'), 'nur für b');
  assert.equal(await b.session.decryptChat('a', secret), null, 'private message passed off as public');
  assert.equal(await b.session.decryptChat('a', 'not base64!'), null);
  assert.equal(await a.session.encryptChat('x', 'nobody'), null);
  await assert.rejects(a.session.encryptChat('x'.repeat(2001)));
});

test('names: fixed length, readable only with the link of this room', async () => {
  const link = createLinkSecret();
  const meeting = await deriveMeetingKeys(link, kRoom);
  const short = await encryptName(meeting, 'Al');
  const long = await encryptName(meeting, '  Ünïcødé Näme 😀 ' + 'x'.repeat(40));
  assert.equal(short.length, kEncryptedNameLength);
  assert.equal(long.length, kEncryptedNameLength);
  assert.equal(await decryptName(meeting, short), 'Al');
  assert.equal(await decryptName(meeting, long), 'Ünïcødé Näme 😀 ' + 'x'.repeat(40));
  assert.equal(await decryptName(await deriveMeetingKeys(link, 'other-room'), short), null);
  assert.equal(await decryptName(await deriveMeetingKeys(createLinkSecret(), kRoom), short), null);
  assert.equal(await decryptName(meeting, short.slice(0, -1)), null);
  await assert.rejects(encryptName(meeting, '   '));
  await assert.rejects(encryptName(meeting, 'x'.repeat(65)));
});

/**
 * Breakout rooms (docs/e2ee.md "Breakout rooms"): every member is told the new places, and what
 * each sends (new keys) is relayed.
 * @param {Relay} relay
 * @param {Map<string, number> | null} places
 */
async function scope(relay, places) {
  for (const [id, member] of relay.members) relay.send(id, await member.session.setScope(places));
  await relay.flush();
}

test('breakout rooms: media keys reach only the same room, old keys are forgotten, closing brings them back', async () => {
  const relay = new Relay();
  const [a, b, c, d] = [await relay.join('a'), await relay.join('b'), await relay.join('c'), await relay.join('d')];
  const beforeSplit = relay.log.filter((m) => m.type === 'e2ee-key' && m.from === 'c' && m.to === 'a').at(-1);
  const logged = relay.log.length;
  await scope(relay, new Map([['a', 0], ['b', 0], ['c', 1], ['d', 1]]));
  // Nobody wrapped a key for anyone in the other room.
  const keys = relay.log.slice(logged).filter((m) => m.type === 'e2ee-key');
  assert.ok(keys.length >= 4);
  const room = (/** @type {string} */ id) => (id === 'a' || id === 'b' ? 0 : 1);
  for (const m of keys) assert.equal(room(m.from), room(m.to), `${m.from} → ${m.to}`);
  const fromA = await frameFrom(a);
  assert.ok(await opens(b, 'a', fromA));
  assert.equal(await opens(c, 'a', fromA), false);
  assert.equal(await opens(d, 'a', fromA), false);
  const fromC = await frameFrom(c);
  assert.ok(await opens(d, 'c', fromC));
  assert.equal(await opens(a, 'c', fromC), false);
  assert.equal(a.session.hasKeyOf('c'), false);
  assert.equal(c.session.hasKeyOf('b'), false);
  assert.ok(a.session.allVerified());
  // A relay that replays c's key from before the split (or passes it across rooms) gets nowhere.
  assert.ok(beforeSplit);
  assert.deepEqual(await a.session.handleKey(beforeSplit), []);
  assert.equal(a.session.hasKeyOf('c'), false);

  await scope(relay, null);
  for (const s of [a, b, c, d]) {
    for (const r of [a, b, c, d]) if (s !== r) assert.ok(await opens(r, s.id, await frameFrom(s)), `${s.id} → ${r.id} after closing`);
  }
  // The key c held before the split does not come back either: only the fresh one after closing.
  assert.deepEqual(await a.session.handleKey(beforeSplit), []);
});

test('breakout rooms: a moderator\'s message to all rooms is readable in every room, once, and only as sent', async () => {
  const relay = new Relay();
  const [a, , c] = [await relay.join('a'), await relay.join('b'), await relay.join('c')];
  await scope(relay, new Map([['b', 0], ['c', 1]]));
  const sent = await a.session.encryptBroadcast('Five minutes left');
  assert.equal(await c.session.decryptBroadcast('a', sent), 'Five minutes left');
  assert.equal(await c.session.decryptBroadcast('a', sent), null, 'replayed');
  assert.equal(await c.session.decryptBroadcast('b', await a.session.encryptBroadcast('x')), null, 'other sender');
  // A relay that holds no link secret cannot read it.
  assert.equal(JSON.stringify(sent).includes('Five'), false);
  const outsider = await E2eeSession.create(createLinkSecret(), kRoom, 'Outsider', { setSendKey() {}, setReceiveKey() {}, removeParticipant() {} });
  assert.equal(await outsider.decryptBroadcast('a', await a.session.encryptBroadcast('y')), null);
});
