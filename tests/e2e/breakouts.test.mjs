// Real-browser test of breakout rooms (docs/protocol.md "Breakout rooms", docs/e2ee.md): a moderator splits four participants (one in Firefox) into two rooms from the panel; each room's members get only each other's media and keys; a message reaches every room; closing with a countdown brings everyone back with video and audio.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { chooseFromMore, en, inboundStats, joinEveryone, joinRoom, launchChromium, launchFirefox, roomName, sessionState, waitFor } from './browsers.mjs';

/** @typedef {import('playwright-core').Page | import('puppeteer-core').Page} AnyPage */

/**
 * Whether `page` keeps receiving video frames and audio from each of `ids`.
 * @param {AnyPage} page
 * @param {string[]} ids
 * @param {string} label
 */
async function mediaFlowsFrom(page, ids, label) {
  const first = await inboundStats(page);
  await waitFor(async () => {
    const now = await inboundStats(page);
    return ids.every((id) => (now[id]?.framesDecoded ?? 0) > (first[id]?.framesDecoded ?? 0) &&
      (now[id]?.audioPackets ?? 0) > (first[id]?.audioPackets ?? 0));
  }, { timeout: 30_000, message: `${label}: video and audio keep coming` });
}

/**
 * The participants whose media the page is offered and whose tiles it shows (the self view aside).
 * @param {AnyPage} page
 */
async function seen(page) {
  const state = await sessionState(page);
  // Audio slots name nobody (docs/protocol.md "Media model"): the participants are those of the video.
  const streams = [...new Set(state.streams.filter((s) => s.participant).map((s) => s.participant))].sort();
  const tiles = await /** @type {any} */ (page).evaluate((/** @type {string} */ self) => [...document.querySelectorAll('#grid .tile:not([hidden])')]
    .map((e) => /** @type {HTMLElement} */ (e).dataset.participant ?? '').filter((id) => id !== self).sort(), state.self);
  return { streams, tiles, keys: /** @type {any} */ (state).keysHeld.slice().sort(), room: /** @type {any} */ (state).breakoutRoom };
}

describe('breakout rooms with four Chromium participants and one in Firefox', { timeout: 300_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('puppeteer-core').Browser} */
  let firefox;
  /** @type {any[]} Mona, Ada, Ben, Cleo in Chromium; Dan in Firefox */
  let pages = [];
  /** @type {string[]} */
  let ids = [];
  const room = roomName('breakouts');
  const names = ['Mona', 'Ada', 'Ben', 'Cleo', 'Dan'];

  before(async () => {
    browser = await launchChromium();
    firefox = await launchFirefox();
    ({ pages, ids } = await joinEveryone(browser, room, names.slice(0, 4)));
    const dan = await firefox.newPage();
    ids.push(await joinRoom(dan, room, 'Dan'));
    pages.push(dan);
    for (const page of pages) {
      await waitFor(async () => (await sessionState(page)).participants.length === names.length - 1, { message: 'five in the room' });
    }
    assert.equal((await sessionState(pages[0])).role, 'moderator');
    for (let i = 0; i < pages.length; i++) await mediaFlowsFrom(pages[i], ids.filter((_, j) => j !== i), names[i]);
  });

  after(async () => {
    await browser?.close();
    await firefox?.close();
  });

  test('a participant has no breakout controls before there are rooms', async () => {
    const ada = pages[1];
    await ada.locator('#meeting-more').click();
    assert.equal(await ada.getByRole('menuitem', { name: en['breakout.button'], exact: true }).count(), 0);
    await ada.keyboard.press('Escape');
  });

  test('the moderator creates two rooms, assigns each participant by hand and opens them', async () => {
    const mona = pages[0];
    await chooseFromMore(mona, 'menuitem', en['breakout.button']);
    await waitFor(() => mona.locator('#breakout-panel').isVisible(), { message: 'the panel opens' });
    await mona.getByRole('spinbutton', { name: en['breakout.count-label'], exact: true }).fill('2');
    await mona.getByRole('button', { name: en['breakout.create'], exact: true }).click();
    const roomOne = en['breakout.room-name'].replace('{number}', '1');
    const roomTwo = en['breakout.room-name'].replace('{number}', '2');
    for (const [name, target] of [['Ada', roomOne], ['Ben', roomOne], ['Cleo', roomTwo], ['Dan', roomTwo]]) {
      const select = mona.getByRole('combobox', { name: en['breakout.assign-label'].replace('{name}', name), exact: true });
      await waitFor(async () => (await select.count()) === 1, { message: `the select for ${name}` });
      await select.selectOption({ label: target });
      await waitFor(async () => (await mona.locator('#breakout-rooms').textContent())?.includes(name), { message: `${name} planned` });
    }
    if (process.env.VICOS_E2E_SHOTS) await mona.screenshot({ path: `${process.env.VICOS_E2E_SHOTS}/breakouts-panel.png` });
    await mona.getByRole('button', { name: en['breakout.open'], exact: true }).click();

    const [, ada, ben, cleo, dan] = pages;
    const [monaId, adaId, benId, cleoId, danId] = ids;
    const expected = new Map([[ada, { room: 0, with: [benId] }], [ben, { room: 0, with: [adaId] }],
      [cleo, { room: 1, with: [danId] }], [dan, { room: 1, with: [cleoId] }], [mona, { room: null, with: [] }]]);
    for (const [page, want] of expected) {
      await waitFor(async () => {
        const s = await seen(page);
        return s.room === want.room && JSON.stringify(s.streams) === JSON.stringify(want.with.slice().sort()) &&
          JSON.stringify(s.tiles) === JSON.stringify(want.with.slice().sort()) &&
          JSON.stringify(s.keys) === JSON.stringify(want.with.slice().sort());
      }, { timeout: 30_000, message: `the right room, media, tiles and keys (${JSON.stringify(want)})` });
    }
    assert.equal(await ada.locator('#breakout-where').textContent(), en['breakout.in-room'].replace('{room}', roomOne));
    assert.equal(await mona.locator('#breakout-where').textContent(), en['breakout.in-main']);
    // Each room's members see and hear each other, and nothing of the other room arrives.
    await mediaFlowsFrom(ada, [benId], 'Ada in room 1');
    await mediaFlowsFrom(dan, [cleoId], 'Dan in room 2');
    const stats = await inboundStats(ada);
    for (const id of [cleoId, danId, monaId]) assert.equal(stats[id], undefined, `no stream of ${id} at Ada`);
  });

  test('a message to all rooms reaches every room, decrypted', async () => {
    const mona = pages[0];
    await mona.getByRole('textbox', { name: en['breakout.broadcast-label'], exact: true }).fill('Five minutes left');
    await mona.getByRole('button', { name: en['breakout.broadcast-send'], exact: true }).click();
    const shown = en['breakout.broadcast-from'].replace('{name}', 'Mona').replace('{text}', 'Five minutes left');
    for (const page of pages.slice(1)) {
      await waitFor(async () => (await page.evaluate(() => document.getElementById('breakout-message-text')?.textContent)) === shown,
        { message: 'the message shown' });
    }
  });

  test('participants get no room buttons where the moderator did not allow choosing', async () => {
    const ada = pages[1];
    assert.equal(await ada.locator('#breakout-back').isVisible(), false);
    assert.equal(await ada.locator('#breakout-rooms button').count(), 0);
  });

  test('the moderator visits room 2 and comes back', async () => {
    const [mona, , , cleo] = pages;
    const [monaId, , , cleoId, danId] = ids;
    await mona.getByRole('button', { name: en['breakout.visit-room'].replace('{room}', en['breakout.room-name'].replace('{number}', '2')), exact: true }).click();
    await waitFor(async () => (await seen(mona)).room === 1, { message: 'Mona in room 2' });
    await mediaFlowsFrom(mona, [cleoId, danId], 'Mona visiting');
    await mediaFlowsFrom(cleo, [monaId], 'Cleo sees Mona');
    await mona.getByRole('button', { name: en['breakout.back'], exact: true }).click();
    await waitFor(async () => (await seen(mona)).room === null && (await seen(cleo)).keys.length === 1, { message: 'Mona back' });
  });

  test('closing with a countdown brings everyone back to the main room with video and audio', async () => {
    const mona = pages[0];
    await mona.getByRole('combobox', { name: en['breakout.countdown-label'], exact: true }).selectOption({ label: en['breakout.countdown-30'] });
    const closedAt = Date.now();
    await mona.getByRole('button', { name: en['breakout.close'], exact: true }).click();
    await waitFor(async () => (await pages[1].locator('#breakout-countdown').textContent())?.includes('s'), { message: 'the countdown shows' });
    // Still apart during the countdown.
    assert.equal((await seen(pages[1])).room, 0);
    for (let i = 0; i < pages.length; i++) {
      const others = ids.filter((_, j) => j !== i).sort();
      await waitFor(async () => {
        const s = await seen(pages[i]);
        return s.room === null && JSON.stringify(s.tiles) === JSON.stringify(others) && JSON.stringify(s.keys) === JSON.stringify(others);
      }, { timeout: 60_000, message: `${names[i]} back with everyone` });
    }
    const waited = Date.now() - closedAt;
    assert.ok(waited >= 28_000, `closed after ${waited} ms`);
    for (let i = 0; i < pages.length; i++) await mediaFlowsFrom(pages[i], ids.filter((_, j) => j !== i), `${names[i]} after closing`);
    assert.equal(await pages[1].locator('#breakout-status').isVisible(), false);
  });
});
