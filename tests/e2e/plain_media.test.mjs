// A browser that cannot encrypt media (docs/e2ee.md "Participants who cannot encrypt media", P5), in real Chromium: it knocks, the moderator sees the warning and admits or refuses it; the moderator's client sends its end-to-end authenticated decision, and while the newcomer takes part every page says the meeting is not end-to-end encrypted, names who decided, and all video decodes; after it leaves media is encrypted again.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  clickByRole, en, fillByRole, inboundStats, joinRoom, launchChromium, newChromiumPage, roomLink, roomName,
  sessionState, waitFor,
} from './browsers.mjs';

/**
 * A catalogue text with its {placeholders} filled.
 * @param {string} key
 * @param {Record<string, string>} vars
 */
function text(key, vars) {
  return en[key].replace(/\{(\w+)\}/g, (/** @type {string} */ _, /** @type {string} */ name) => vars[name] ?? '');
}

/**
 * A page of a browser without encoded transforms: WebCrypto is there (names and chat stay
 * encrypted), RTCRtpScriptTransform and createEncodedStreams are not.
 * @param {import('playwright-core').Browser} browser
 */
async function oldBrowserPage(browser) {
  const page = await newChromiumPage(browser);
  await page.addInitScript(() => {
    const w = /** @type {any} */ (window);
    delete w.RTCRtpScriptTransform;
    delete w.RTCRtpSender.prototype.createEncodedStreams;
    delete w.RTCRtpReceiver.prototype.createEncodedStreams;
  });
  return page;
}

/**
 * Opens the link, switches the camera on, clicks Join and waits until the page knocks.
 * @param {import('playwright-core').Page} page
 * @param {string} room
 * @param {string} name
 */
async function knock(page, room, name) {
  await page.goto(roomLink(room));
  await waitFor(async () => (await page.locator('#prejoin-e2ee').textContent()) === en['prejoin.e2ee-plain-media'],
    { message: 'the pre-join screen says media cannot be encrypted' });
  await fillByRole(page, en['prejoin.name-label'], name);
  await clickByRole(page, 'button', en['media.camera']);
  await clickByRole(page, 'button', en['prejoin.join']);
  await waitFor(async () => (await sessionState(page)).phase === 'waiting', { message: `${name} knocks` });
  await page.getByText(en['waiting.plain-media'], { exact: true }).waitFor();
}

/** @param {import('playwright-core').Page} page */
function e2eeState(page) {
  return page.locator('#e2ee').getAttribute('data-state');
}

/**
 * Video frames from `from` keep being decoded on `page`.
 * @param {import('playwright-core').Page} page
 * @param {string} from
 * @param {string} what
 */
async function decodes(page, from, what) {
  const first = await waitFor(async () => (await inboundStats(page))[from]?.framesDecoded, { timeout: 30_000, message: `${what}: first frames` });
  await waitFor(async () => (await inboundStats(page))[from]?.framesDecoded > first + 10, { timeout: 30_000, message: `${what}: frames keep coming` });
}

describe('a participant who cannot encrypt media', { timeout: 240_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  test('the moderator admits them: nobody is end-to-end encrypted while they are in, everyone decodes everyone', async () => {
    const room = roomName('plain');
    const mod = await newChromiumPage(browser);
    /** @type {any[]} */
    const modDecisions = [];
    mod.on('websocket', (ws) => ws.on('framesent', (f) => {
      const m = JSON.parse(String(f.payload));
      if (m.type === 'e2ee-plain-media') modDecisions.push(m);
    }));
    const modId = await joinRoom(mod, room, 'Mona', { mic: false });
    assert.equal(/** @type {any} */ (await sessionState(mod)).role, 'moderator');
    const ben = await newChromiumPage(browser);
    const benId = await joinRoom(ben, room, 'Ben', { mic: false });
    await waitFor(async () => (await e2eeState(ben)) === 'verified', { message: 'Ben verified' });

    const old = await oldBrowserPage(browser);
    await knock(old, room, 'Otto Old');
    // The moderator sees who knocks, with the consequence in words.
    await mod.locator('#meeting-people').click();
    const warning = mod.locator('.knock-warning');
    await warning.waitFor();
    assert.equal(await warning.textContent(), text('door.plain-warning', { name: 'Otto Old' }));
    // An ordinary "Admit all" does not let media in clear in.
    await clickByRole(mod, 'button', en['door.admit-all']);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal((await sessionState(old)).phase, 'waiting');
    await clickByRole(mod, 'button', text('door.admit-plain-name', { name: 'Otto Old' }));

    const oldState = await waitFor(async () => {
      const s = await sessionState(old);
      return s.phase === 'joined' ? s : null;
    }, { message: 'Otto admitted' });
    const oldId = oldState.self;
    for (const [page, who] of /** @type {const} */ ([[mod, 'Mona'], [ben, 'Ben']])) {
      await waitFor(async () => (await e2eeState(page)) === 'plain', { message: `${who} shows not encrypted` });
      await waitFor(async () => (await page.locator('#e2ee-summary').textContent()) === text('e2ee.status-plain', { names: 'Otto Old' }),
        { message: `${who} names Otto` });
      // Everyone is shown who decided: the moderator's end-to-end authenticated decision.
      assert.equal(await page.locator('#e2ee-plain').textContent(),
        text('e2ee.plain-media-warning', { names: 'Otto Old', moderators: 'Mona' }));
    }
    await waitFor(async () => (await e2eeState(old)) === 'plain', { message: 'Otto shows not encrypted' });
    assert.equal(await old.locator('#e2ee-summary').textContent(), en['e2ee.status-plain-self']);

    // Every page decodes every other page's video.
    const pages = /** @type {const} */ ([[mod, modId, 'Mona'], [ben, benId, 'Ben'], [old, oldId, 'Otto']]);
    for (const [page, selfId, who] of pages)
      for (const [, otherId, other] of pages)
        if (otherId !== selfId) await decodes(page, otherId, `${who} sees ${other}`);
    // Names stay encrypted: the server's roster gave Ben only ciphertext, yet he shows Otto's name.
    assert.ok((await sessionState(ben)).participants.some((p) => p.name === 'Otto Old'));
    // Mona sent her decision once, end-to-end authenticated, and Ben followed it.
    assert.equal(modDecisions.length, 1);
    assert.equal(modDecisions[0].participant, oldId);
    assert.match(modDecisions[0].mac, /^[A-Za-z0-9_-]{43}$/);
    assert.ok((await ben.evaluate(() => /** @type {any} */ (window).vicos.e2eeStats())).sentPlain > 0, 'Ben sends in clear');

    // Otto leaves: encrypted again, and video between the others still decodes.
    await old.locator('#meeting-leave').click();
    for (const [page, who] of /** @type {const} */ ([[mod, 'Mona'], [ben, 'Ben']])) {
      await waitFor(async () => ['verified', 'pending', 'compared'].includes(await e2eeState(page) ?? ''),
        { message: `${who} encrypted again` });
      await waitFor(async () => (await e2eeState(page)) === 'verified', { timeout: 30_000, message: `${who} verified again` });
    }
    assert.equal(await ben.locator('#e2ee-summary').textContent(), en['e2ee.status-verified']);
    const status = /** @type {any} */ (await sessionState(ben)).e2ee;
    assert.equal(status.mediaEncrypted, true);
    await decodes(ben, modId, 'Ben sees Mona after Otto left');
    await decodes(mod, benId, 'Mona sees Ben after Otto left');
    const stats = await ben.evaluate(() => /** @type {any} */ (window).vicos.e2eeStats());
    assert.ok(stats.decrypted > 0, 'frames are decrypted again');
    await Promise.all([mod, ben, old].map((p) => p.context().close()));
  });

  test('the moderator refuses them: they are told why, nobody else changes', async () => {
    const room = roomName('plain-no');
    const mod = await newChromiumPage(browser);
    await joinRoom(mod, room, 'Mona', { mic: false });
    const ben = await newChromiumPage(browser);
    await joinRoom(ben, room, 'Ben', { mic: false });
    await waitFor(async () => (await e2eeState(ben)) === 'verified', { message: 'Ben verified' });
    const benParticipants = (await sessionState(ben)).participants.length;

    const old = await oldBrowserPage(browser);
    await knock(old, room, 'Otto Old');
    await mod.locator('#meeting-people').click();
    await clickByRole(mod, 'button', text('door.deny-plain-name', { name: 'Otto Old' }));
    await old.getByText(en['error.plain-media-denied'], { exact: true }).waitFor();
    assert.notEqual((await sessionState(old)).phase, 'joined');

    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (const page of [mod, ben]) {
      assert.equal(await e2eeState(page), 'verified');
      assert.equal(/** @type {any} */ (await sessionState(page)).e2ee.mediaEncrypted, true);
    }
    assert.equal((await sessionState(ben)).participants.length, benParticipants);
    assert.equal(await mod.locator('.knock-warning').count(), 0, 'nobody knocks any more');
    await Promise.all([mod, ben, old].map((p) => p.context().close()));
  });
});
