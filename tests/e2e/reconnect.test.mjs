// Reconnecting without a page reload (docs/protocol.md "Reconnecting"): a participant whose signaling and media are cut comes back under the same id; a cut longer than the grace period ends in a leave.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { inboundStats, joinRoom, launchChromium, newChromiumPage, roomName, sessionState, tileIds, waitFor } from './browsers.mjs';

/** The server's default grace period (rooms.reconnect_grace_seconds). */
const kGraceMs = 20_000;

/**
 * Waits until the page decodes video from `id` and the count keeps rising.
 * @param {import('playwright-core').Page} page
 * @param {string} id
 * @param {string} label
 */
async function expectVideoFrom(page, id, label) {
  const first = await waitFor(async () => {
    const stats = await inboundStats(page);
    return (stats[id]?.framesDecoded ?? 0) > 0 && stats[id].framesDecoded;
  }, { timeout: 30_000, message: `${label} decoding video` });
  await waitFor(async () => ((await inboundStats(page))[id]?.framesDecoded ?? 0) > first,
    { timeout: 10_000, message: `${label}: frames still rising` });
}

/**
 * A page whose WebSockets can be cut off: while `window.vicosTestOffline` is set, every new
 * socket goes to a path where the server refuses the upgrade, so it fails as on a dead network
 * (offline emulation does not reach WebSockets or WebRTC, and this machine's kernel has no
 * packet filter or queueing discipline in the namespace).
 * @param {import('playwright-core').Browser} browser
 */
async function cuttablePage(browser) {
  const page = await newChromiumPage(browser);
  await page.addInitScript(() => {
    const Native = window.WebSocket;
    const w = /** @type {any} */ (window);
    w.WebSocket = class extends Native {
      /** @param {string | URL} url @param {string | string[]} [protocols] */
      constructor(url, protocols) {
        super(w.vicosTestOffline ? `${location.origin.replace('https:', 'wss:')}/offline` : url, protocols);
      }
    };
  });
  return page;
}

/**
 * Cuts both paths of a page: the signaling socket drops and new ones fail, and its peer
 * connection closes, so no media flows either way.
 * @param {import('playwright-core').Page} page
 */
async function cut(page) {
  await page.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.vicosTestOffline = true;
    w.vicos.pc?.close();
    w.vicos.dropSignaling();
  });
}

/** @param {import('playwright-core').Page} page */
async function restore(page) {
  await page.evaluate(() => { /** @type {any} */ (window).vicosTestOffline = false; });
}

/** @param {import('playwright-core').Page} page */
function bannerShown(page) {
  return page.evaluate(() => document.getElementById('meeting-connection')?.hidden === false);
}

describe('reconnecting after the network drops', { timeout: 150_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;

  before(async () => {
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
  });

  test('a short cut: the same participant returns, without a reload, and media flows again', async () => {
    const room = roomName('resume');
    const a = await cuttablePage(browser);
    const b = await newChromiumPage(browser);
    const idA = await joinRoom(a, room, 'Ada');
    const idB = await joinRoom(b, room, 'Ben');
    await expectVideoFrom(a, idB, 'Ada from Ben');
    await expectVideoFrom(b, idA, 'Ben from Ada');
    await a.evaluate(() => { /** @type {any} */ (window).survivesReconnect = 'yes'; });

    // Ben's view of Ada, sampled through the cut: she must never be gone or doubled.
    /** @type {{present: number, reconnecting: boolean}[]} */
    const seen = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const state = await sessionState(b);
        const entries = state.participants.filter((p) => p.id === idA);
        seen.push({ present: entries.length, reconnecting: Boolean(/** @type {any} */ (entries[0])?.reconnecting) });
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();

    const cutAt = Date.now();
    await cut(a);
    await waitFor(() => bannerShown(a), { timeout: 5_000, message: "Ada's reconnecting banner" });
    await waitFor(async () => seen.at(-1)?.reconnecting, { timeout: 5_000, message: 'Ben sees Ada reconnecting' });
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    assert.equal((await sessionState(a)).connection, 'reconnecting', 'still cut off while offline');
    await restore(a);

    await waitFor(async () => (await sessionState(a)).connection === 'connected' && !(await bannerShown(a)),
      { timeout: 15_000, message: 'Ada connected again' });
    const backAfter = Date.now() - cutAt;
    assert.equal(await a.evaluate(() => /** @type {any} */ (window).survivesReconnect), 'yes', 'no page reload');
    const stateA = await sessionState(a);
    assert.equal(stateA.self, idA);
    assert.equal(stateA.phase, 'joined');
    assert.deepEqual(stateA.participants.map((p) => p.id), [idB]);
    await waitFor(async () => seen.at(-1)?.present === 1 && !seen.at(-1)?.reconnecting,
      { timeout: 10_000, message: 'Ben sees Ada back' });

    await expectVideoFrom(a, idB, 'Ada from Ben after the cut');
    await expectVideoFrom(b, idA, 'Ben from Ada after the cut');
    sampling = false;
    await sampler;
    assert.ok(seen.every((s) => s.present === 1), `Ada never left nor doubled for Ben: ${JSON.stringify(seen)}`);
    assert.ok(seen.some((s) => s.reconnecting), 'Ben saw Ada reconnecting');
    assert.deepEqual((await tileIds(b)).sort(), [idA, idB].sort(), 'one tile each, no duplicate');
    assert.deepEqual((await tileIds(a)).sort(), [idA, idB].sort());
    const e2ee = await sessionState(b);
    assert.equal(/** @type {any} */ (e2ee).e2ee?.verified, true, "Ben still has Ada's verified key");
    console.log(`reconnect: Ada back ${backAfter} ms after the cut (offline for about 6 s)`);
    await a.context().close();
    await b.context().close();
  });

  test('a cut longer than the grace period: the others see the participant leave', async () => {
    const room = roomName('gone');
    const a = await cuttablePage(browser);
    const b = await newChromiumPage(browser);
    const idA = await joinRoom(a, room, 'Ada', { camera: false, mic: false });
    await joinRoom(b, room, 'Ben', { camera: false, mic: false });
    await waitFor(async () => (await sessionState(b)).participants.some((p) => p.id === idA),
      { message: 'Ben sees Ada' });
    const cutAt = Date.now();
    await cut(a);
    await waitFor(async () => !(await sessionState(b)).participants.some((p) => p.id === idA),
      { timeout: kGraceMs + 10_000, interval: 500, message: 'Ben sees Ada leave' });
    const goneAfter = Date.now() - cutAt;
    assert.ok(goneAfter >= kGraceMs - 1_000, `not before the grace period (${goneAfter} ms)`);
    assert.deepEqual(await tileIds(b), [(await sessionState(b)).self]);
    // Ada's page gives up too and offers to rejoin.
    await waitFor(async () => (await sessionState(a)).phase !== 'joined', { timeout: 10_000, message: 'Ada gave up' });
    await waitFor(() => a.evaluate(() => document.body.dataset.screen === 'left' &&
      document.getElementById('left-rejoin')?.hidden === false), { timeout: 5_000, message: "Ada's rejoin button" });
    await a.context().close();
    await b.context().close();
  });
});
