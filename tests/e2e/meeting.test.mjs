// Real-browser meetings through the server: three Chromium participants, an isolated second room, and Firefox ESR with Chromium.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  clickByRole, en, inboundStats, joinEveryone, joinRoom, launchChromium, launchFirefox, newChromiumPage, sessionState,
  tileIds, waitFor, roomName,
} from './browsers.mjs';

/**
 * Waits until the page decodes video from every expected participant (frames rising between two
 * samples) and receives audio packets from each.
 * @param {any} page
 * @param {string} who label for messages
 * @param {string[]} expected participant ids
 * @param {{audio?: boolean}} [options]
 */
async function expectMediaFrom(page, who, expected, { audio = true } = {}) {
  const first = await waitFor(async () => {
    const stats = await inboundStats(page);
    return expected.every((id) => stats[id]?.framesDecoded > 0 && (!audio || stats[id]?.audioPackets > 0)) && stats;
  }, { message: `${who} decoding video${audio ? ' and receiving audio' : ''} from ${expected.join(', ')}` });
  await waitFor(async () => {
    const stats = await inboundStats(page);
    return expected.every((id) => stats[id].framesDecoded > first[id].framesDecoded &&
      (!audio || stats[id].audioPackets > first[id].audioPackets));
  }, { timeout: 10_000, message: `${who}: frames and packets still rising` });
}

describe('three participants in one room, and a second room at the same time', { timeout: 180_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  const room = roomName('trio');
  const names = ['Ada', 'Ben', 'Cleo'];
  /** @type {import('playwright-core').Page[]} */
  const pages = [];
  /** @type {string[]} */
  const ids = [];

  before(async () => {
    browser = await launchChromium();
    const joined = await joinEveryone(browser, room, names);
    pages.push(...joined.pages);
    ids.push(...joined.ids);
  });

  after(async () => {
    await browser?.close();
  });

  test('each participant decodes video and receives audio from both others', async () => {
    for (let i = 0; i < pages.length; ++i) {
      const others = ids.filter((_, j) => j !== i);
      await expectMediaFrom(pages[i], names[i], others);
      const state = await sessionState(pages[i]);
      assert.deepEqual(state.participants.map((p) => p.id).sort(), [...others].sort());
      assert.deepEqual((await tileIds(pages[i])).sort(), [...ids].sort());
    }
  });

  test('each remote tile shows a good connection, its figures on demand; the self view none', async () => {
    const page = pages[0];
    for (const id of ids.slice(1)) {
      const signal = page.locator(`#grid [data-participant="${id}"] .tile-signal`);
      await waitFor(async () => (await signal.getAttribute('data-quality')) === 'good' && await signal.isVisible(),
        { message: `a good connection on the tile of ${id}` });
      assert.equal(await signal.getAttribute('aria-label'), en['signal.good']);
      await signal.click();
      const details = page.locator(`#grid [data-participant="${id}"] .tile-signal-details`);
      assert.equal(await signal.getAttribute('aria-expanded'), 'true');
      // e.g. "1412 kbit/s · 0 % lost · 640×480 · 30 frames/s"
      assert.match(await details.innerText(), /^\d+ kbit\/s · [\d.]+ % lost · \d+×\d+ · \d+ frames\/s$/);
      await signal.click();
      assert.ok(await details.isHidden());
    }
    assert.ok(await page.locator(`#grid [data-participant="${ids[0]}"] .tile-signal`).isHidden());
  });

  test('a participant in another room sees nobody from the first', async () => {
    const page = await newChromiumPage(browser);
    const loner = await joinRoom(page, roomName('solo'), 'Dana');
    // The first room keeps flowing meanwhile; the second room must stay empty for a while.
    await expectMediaFrom(pages[0], names[0], ids.slice(1));
    const deadline = Date.now() + 3_000;
    while (Date.now() < deadline) {
      const state = await sessionState(page);
      assert.equal(state.participants.length, 0, 'the second room has no other participant');
      assert.equal(state.streams.length, 0, 'the second room gets no downlink');
      assert.deepEqual(await tileIds(page), [loner]);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    for (const p of pages) {
      const state = await sessionState(p);
      assert.ok(!state.participants.some((x) => x.id === loner), 'the first room does not see Dana');
    }
    await page.context().close();
  });

  test('when one leaves, the other two see its tile go', async () => {
    const leaver = pages[2];
    await clickByRole(leaver, 'button', en['meeting.leave']);
    await leaver.getByRole('heading', { name: en['left.heading'] }).waitFor();
    for (const page of pages.slice(0, 2)) {
      await waitFor(async () => !(await tileIds(page)).includes(ids[2]), { message: 'the tile of the leaver to go' });
      const state = await sessionState(page);
      assert.ok(!state.participants.some((p) => p.id === ids[2]));
    }
    // The two remaining still see each other.
    await expectMediaFrom(pages[0], names[0], [ids[1]]);
    await expectMediaFrom(pages[1], names[1], [ids[0]]);
  });
});

describe('Firefox ESR and Chromium in one room', { timeout: 120_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let chromiumBrowser;
  /** @type {import('puppeteer-core').Browser} */
  let firefoxBrowser;

  after(async () => {
    await chromiumBrowser?.close();
    await firefoxBrowser?.close();
  });

  test('both directions decode video', async () => {
    chromiumBrowser = await launchChromium();
    firefoxBrowser = await launchFirefox();
    const room = roomName('mixed');
    const chromiumPage = await newChromiumPage(chromiumBrowser);
    const firefoxPage = await firefoxBrowser.newPage();
    const chromiumId = await joinRoom(chromiumPage, room, 'Chromium');
    const firefoxId = await joinRoom(firefoxPage, room, 'Firefox');
    await expectMediaFrom(chromiumPage, 'Chromium', [firefoxId]);
    await expectMediaFrom(firefoxPage, 'Firefox', [chromiumId]);
    // Firefox's receiver statistics rate the connection as Chromium's do.
    await waitFor(async () => (await firefoxPage.$eval(`#grid [data-participant="${chromiumId}"] .tile-signal`,
      (e) => e.getAttribute('data-quality'))) === 'good', { message: 'Firefox shows a good connection to Chromium' });
  });
});
