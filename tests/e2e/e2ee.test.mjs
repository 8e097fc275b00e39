// End-to-end encryption in real browsers (docs/e2ee.md): Chromium and Firefox in one encrypted meeting, a link without its secret, what the server relays, key rotation after a departure, and a malicious server that claims media is in clear.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  baseUrl, clickByRole, en, inboundStats, joinRoom, launchChromium, launchFirefox, newChromiumPage, roomLink,
  sessionState, waitFor,
} from './browsers.mjs';

/** @param {string} label */
function roomName(label) {
  return `e2ee-${label}-${randomBytes(4).toString('hex')}`;
}

/**
 * Every text frame the page's WebSockets receive, i.e. everything the server relays to it.
 * @param {import('playwright-core').Page} page
 * @returns {string[]}
 */
function captureFrames(page) {
  /** @type {string[]} */
  const frames = [];
  page.on('websocket', (ws) => ws.on('framereceived', (f) => frames.push(String(f.payload))));
  return frames;
}

/**
 * Waits until the page's video from each expected participant decodes, and keeps decoding.
 * @param {any} page
 * @param {string[]} ids
 */
async function expectVideoFrom(page, ids) {
  for (const id of ids) {
    const first = await waitFor(async () => (await inboundStats(page))[id]?.framesDecoded, { message: `frames from ${id}` });
    await waitFor(async () => (await inboundStats(page))[id]?.framesDecoded > first, { message: `frames from ${id} keep coming` });
    await waitFor(async () => (await inboundStats(page))[id]?.audioPackets > 0, { message: `audio from ${id}` });
  }
}

/**
 * The e2ee status once every present participant is verified.
 * @param {any} page
 * @param {number} present others in the meeting
 */
function verifiedStatus(page, present) {
  return waitFor(async () => {
    const s = await sessionState(page);
    const e2ee = /** @type {any} */ (s).e2ee;
    return e2ee?.verified && e2ee.safetyCode && s.participants.length === present &&
      s.participants.every((p) => p.name !== '…') ? { ...e2ee, participants: s.participants } : null;
  }, { message: 'keys verified' });
}

/**
 * Video packets received and frames decoded from one participant.
 * @param {any} page
 * @param {string} id
 */
function videoCounters(page, id) {
  return page.evaluate(async (/** @type {string} */ who) => {
    const hook = /** @type {any} */ (window).vicos;
    const result = { packetsReceived: 0, framesDecoded: 0 };
    for (const t of hook.pc?.getTransceivers() ?? []) {
      const s = hook.state.streams.find((/** @type {any} */ x) => x.mid === t.mid);
      if (!s || s.participant !== who || s.kind !== 'video') continue;
      (await t.receiver.getStats()).forEach((/** @type {any} */ r) => {
        if (r.type !== 'inbound-rtp') return;
        result.packetsReceived += r.packetsReceived ?? 0;
        result.framesDecoded += r.framesDecoded ?? 0;
      });
    }
    return result;
  }, id);
}

/**
 * Puts the test between the page and the server (a malicious server, as far as the page can
 * tell): everything is passed on both ways, and `inject` sends the page a message of its own.
 * @param {import('playwright-core').Page} page
 * @returns {Promise<{inject: (message: object) => void}>}
 */
async function manInTheMiddle(page) {
  /** @type {import('playwright-core').WebSocketRoute | null} */
  let route = null;
  await page.routeWebSocket(/\/ws$/, (ws) => {
    ws.connectToServer();
    route = ws;
  });
  return {
    inject(message) {
      assert.ok(route, 'the page has connected');
      route.send(JSON.stringify(message));
    },
  };
}

/**
 * Sends a chat message through the chat panel.
 * @param {import('playwright-core').Page} page
 * @param {string} text
 */
async function sendChat(page, text) {
  await clickByRole(page, 'button', en['chat.button']);
  await page.getByRole('textbox', { name: en['chat.input-label'], exact: true }).fill(text);
  await page.keyboard.press('Enter');
}

describe('end-to-end encryption', { timeout: 180_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let chromium;
  before(async () => {
    chromium = await launchChromium();
  });
  after(async () => {
    await chromium?.close();
  });

  test('Chromium and Firefox meet encrypted, see the same safety code, and the server relays no plaintext', async () => {
    const firefox = await launchFirefox();
    try {
      const room = roomName('mixed');
      const ada = await newChromiumPage(chromium);
      const relayed = captureFrames(ada);
      const ben = await firefox.newPage();
      const adaId = await joinRoom(ada, room, 'Adelheid Klartext');
      const benId = await joinRoom(ben, room, 'Bertram Klartext');
      await expectVideoFrom(ada, [benId]);
      await expectVideoFrom(ben, [adaId]);
      const adaStatus = await verifiedStatus(ada, 1);
      const benStatus = await verifiedStatus(ben, 1);
      assert.match(adaStatus.safetyCode, /^\d{4}( \d{4}){4}$/);
      assert.equal(adaStatus.safetyCode, benStatus.safetyCode, 'same safety code');
      assert.equal(adaStatus.participants[0].name, 'Bertram Klartext', 'name decrypted from the announcement');
      assert.equal(benStatus.participants[0].name, 'Adelheid Klartext');
      // The indicator says it in words, and shows the code.
      assert.equal(await ada.locator('#e2ee-summary').textContent(), en['e2ee.status-verified']);
      assert.equal(await ada.locator('#e2ee-code').textContent(), adaStatus.safetyCode);

      await sendChat(ada, 'Geheimer Plan 42');
      await waitFor(() => ben.evaluate(() => document.getElementById('chat-list')?.textContent?.includes('Geheimer Plan 42')),
        { message: 'Firefox reads the chat' });
      const all = relayed.join('\n');
      assert.ok(relayed.some((f) => f.includes('"e2ee-announce"')) && relayed.some((f) => f.includes('"e2ee"')), 'frames captured');
      for (const plain of ['Klartext', 'Adelheid', 'Bertram', 'Geheimer', 'Plan 42']) {
        assert.ok(!all.includes(plain), `the server never relays "${plain}"`);
      }
    } finally {
      await firefox.close();
    }
  });

  test('without the secret nobody can join, read the chat or decode video', async () => {
    const room = roomName('nolink');
    const ada = await newChromiumPage(chromium);
    const adaId = await joinRoom(ada, room, 'Ada');

    // A person who opens the room without the fragment is told so and cannot join.
    const stranger = await newChromiumPage(chromium);
    await stranger.goto(`${baseUrl}/${room}`);
    await waitFor(async () => (await stranger.locator('#prejoin-e2ee').textContent()) === en['error.e2ee-no-secret'],
      { message: 'told the link is incomplete' });
    await stranger.getByRole('textbox', { name: en['prejoin.name-label'], exact: true }).fill('Stranger');
    await clickByRole(stranger, 'button', en['prejoin.join']);
    await stranger.getByRole('alert').filter({ hasText: en['error.e2ee-no-secret'] }).waitFor();
    assert.notEqual((await sessionState(stranger)).phase, 'joined');

    // Even a hand-made client on that page, joining in plain, gets only ciphertext, and
    // everyone sees that the meeting is no longer end-to-end encrypted.
    await stranger.evaluate((url) => new Promise((resolve) => {
      const ws = new WebSocket(url);
      /** @type {any} */ (window).raw = [];
      ws.onmessage = (e) => /** @type {any} */ (window).raw.push(e.data);
      ws.onopen = () => {
        ws.send(JSON.stringify({ type: 'join', version: 1, room: location.pathname.slice(1), name: 'Plain Stranger' }));
        resolve(undefined);
      };
      /** @type {any} */ (window).rawSocket = ws;
    }), `${baseUrl.replace('https:', 'wss:')}/ws`);
    await waitFor(async () => (await ada.locator('#e2ee').getAttribute('data-state')) === 'plain', { message: 'Ada warned' });
    assert.match(await ada.locator('#e2ee-summary').textContent() ?? '', /Plain Stranger/);
    await sendChat(ada, 'Nur mit Schlüssel lesbar');
    const raw = await waitFor(async () => {
      const got = /** @type {string[]} */ (await stranger.evaluate(() => /** @type {any} */ (window).raw));
      return got.some((m) => m.includes('"chat"')) ? got : null;
    }, { message: 'the stranger gets the chat message' });
    const chat = JSON.parse(raw.find((m) => m.includes('"chat"')) ?? '{}');
    assert.equal(chat.text, undefined);
    assert.match(chat.e2ee, /^[A-Za-z0-9_-]+$/);
    assert.ok(!raw.join('\n').includes('Nur mit'), 'no plaintext chat');
    assert.ok(!raw.join('\n').includes('"Ada"'), 'no plaintext name');
    // It leaves (a socket that merely closes would keep its place for the reconnect grace period).
    await stranger.evaluate(() => {
      const ws = /** @type {any} */ (window).rawSocket;
      ws.send(JSON.stringify({ type: 'leave' }));
      ws.close();
    });
    await waitFor(async () => (await ada.locator('#e2ee').getAttribute('data-state')) !== 'plain', { message: 'warning gone' });

    // A participant whose keys are withheld receives Ada's video but cannot decode a frame.
    const blind = await newChromiumPage(chromium);
    await blind.addInitScript(() => { /** @type {any} */ (window).vicosTestWithholdKeys = true; });
    await joinRoom(blind, room, 'Blind', { camera: false, mic: false });
    await waitFor(async () => (await videoCounters(blind, adaId)).packetsReceived > 50, { message: 'packets arrive' });
    const counters = await videoCounters(blind, adaId);
    assert.equal(counters.framesDecoded, 0, 'no frame decodes without the key');
    const stats = await blind.evaluate(() => /** @type {any} */ (window).vicos.e2eeStats());
    assert.ok(stats, 'transform stats');
  });

  test('after someone leaves, senders move to a key index the departed never received', async () => {
    const room = roomName('rotate');
    const ada = await newChromiumPage(chromium);
    const ben = await newChromiumPage(chromium);
    const cleo = await newChromiumPage(chromium);
    const cleoFrames = captureFrames(cleo);
    const adaId = await joinRoom(ada, room, 'Ada');
    await joinRoom(ben, room, 'Ben', { camera: false, mic: false });
    await joinRoom(cleo, room, 'Cleo', { camera: false, mic: false });
    await verifiedStatus(ada, 2);
    await expectVideoFrom(ben, [adaId]);
    const before = (await verifiedStatus(ada, 2)).sendIndex;
    await clickByRole(cleo, 'button', en['meeting.leave']);
    const after = await waitFor(async () => {
      const e2ee = /** @type {any} */ (await sessionState(ada)).e2ee;
      return e2ee && e2ee.sendIndex > before && e2ee.verified ? e2ee.sendIndex : null;
    }, { message: 'Ada rotated' });
    const toCleo = cleoFrames.map((f) => JSON.parse(f)).filter((m) => m.type === 'e2ee-key' && m.from === adaId);
    assert.ok(toCleo.length > 0, 'Cleo had received Ada\'s key');
    assert.ok(toCleo.every((m) => m.idx < after), `Cleo got indices ${toCleo.map((m) => m.idx)} only, Ada now sends ${after}`);
    // Ben got the new key and keeps decoding Ada's video under it.
    const decoded = (await inboundStats(ben))[adaId].framesDecoded;
    await waitFor(async () => (await inboundStats(ben))[adaId].framesDecoded > decoded + 10, { message: 'Ben decodes after rotation' });
  });

  test('a malicious server cannot switch encryption off: the page keeps encrypting and shows no downgrade', async () => {
    const room = roomName('downgrade');
    const ben = await newChromiumPage(chromium);
    const benId = await joinRoom(ben, room, 'Ben');
    const ada = await newChromiumPage(chromium);
    const toAda = await manInTheMiddle(ada);
    const adaId = await joinRoom(ada, room, 'Ada');
    // Cleo holds the link but gets no keys: she decodes Ada's video only if it comes in clear.
    const cleo = await newChromiumPage(chromium);
    await cleo.addInitScript(() => { /** @type {any} */ (window).vicosTestWithholdKeys = true; });
    const toCleo = await manInTheMiddle(cleo);
    const cleoId = await joinRoom(cleo, room, 'Cleo', { camera: false, mic: false });
    await verifiedStatus(ada, 2);
    await expectVideoFrom(ben, [adaId]);

    // The server says Ben (and someone who is in nobody's roster) takes part with media in clear,
    // and forges a moderator's decision about Cleo.
    const claim = { type: 'media-encryption', encrypted: false, plain: [benId, cleoId, 'f00dfeedf00dfeed'] };
    const forged = { type: 'e2ee-plain-media', from: benId, participant: cleoId, mac: 'A'.repeat(43) };
    for (const to of [toAda, toCleo]) {
      to.inject(claim);
      to.inject(forged);
    }
    const before = await ada.evaluate(() => /** @type {any} */ (window).vicos.e2eeStats());
    const cleoBefore = await videoCounters(cleo, adaId);
    await waitFor(async () => (await videoCounters(cleo, adaId)).packetsReceived > cleoBefore.packetsReceived + 100,
      { message: 'Ada\'s video keeps reaching Cleo' });
    const decodedByBen = (await inboundStats(ben))[adaId].framesDecoded;

    // Ada still encrypts every frame, and says so.
    assert.equal(await ada.locator('#e2ee').getAttribute('data-state'), 'verified');
    assert.equal(await ada.locator('#e2ee-summary').textContent(), en['e2ee.status-verified']);
    assert.equal(await ada.locator('#e2ee-plain').isHidden(), true, 'no downgrade warning');
    const after = await ada.evaluate(() => /** @type {any} */ (window).vicos.e2eeStats());
    assert.ok(after.encrypted > before.encrypted + 50, 'Ada keeps encrypting');
    assert.equal(after.sentPlain, 0, 'not one of Ada\'s frames left in clear');
    assert.equal(after.receivedPlain, 0, 'Ada accepts no frame in clear');
    const status = /** @type {any} */ (await sessionState(ada)).e2ee;
    assert.equal(status.mediaEncrypted, true);
    assert.deepEqual(status.plain, []);
    // Cleo, who would accept frames in clear if the server's word counted, decodes none of Ada's.
    assert.equal((await videoCounters(cleo, adaId)).framesDecoded, 0, 'Ada\'s frames decode only with the key');
    const cleoStats = await cleo.evaluate(() => /** @type {any} */ (window).vicos.e2eeStats());
    assert.equal(cleoStats.receivedPlain, 0);
    assert.notEqual(await cleo.locator('#e2ee').getAttribute('data-state'), 'plain', 'Cleo shows no downgrade either');
    await waitFor(async () => (await inboundStats(ben))[adaId].framesDecoded > decodedByBen + 20,
      { message: 'Ben decodes Ada with the key' });
    await Promise.all([ada, ben, cleo].map((p) => p.context().close()));
  });
});
