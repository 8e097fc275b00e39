// Real-browser test of reactions (docs/protocol.md "reaction") and of the encryption banner's own lock icon: one page reacts from the keyboard, the other shows it over the right tile with our own icon for about 4 s and announces it in its live region; a page sending 20 at once gets 5 through and 15 refused.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { en, joinRoom, launchChromium, newChromiumPage, roomName, waitFor } from './browsers.mjs';

/**
 * Records the `reaction` and `error` messages the page's signaling socket receives, in
 * `window.vicosReceived`, without changing them.
 * @param {import('playwright-core').Page} page
 */
async function recordSignaling(page) {
  await page.addInitScript(() => {
    const w = /** @type {any} */ (window);
    w.vicosReceived = [];
    const Original = WebSocket;
    w.WebSocket = class extends Original {
      /** @param {ConstructorParameters<typeof WebSocket>} args */
      constructor(...args) {
        super(...args);
        this.addEventListener('message', (/** @type {MessageEvent} */ event) => {
          const m = typeof event.data === 'string' ? JSON.parse(event.data) : null;
          if (m && (m.type === 'reaction' || m.type === 'error')) w.vicosReceived.push(m);
        });
      }
    };
  });
}

/** @param {import('playwright-core').Page} page */
function received(page) {
  return page.evaluate(() => /** @type {{type: string, from?: string, reaction?: string, code?: string, ref?: string}[]} */ (
    /** @type {any} */ (window).vicosReceived));
}

describe('reactions between two Chromium participants', { timeout: 120_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let ada;
  /** @type {import('playwright-core').Page} */
  let ben;
  let adaId = '';
  let benId = '';
  const room = roomName('reactions');

  before(async () => {
    browser = await launchChromium();
    ada = await newChromiumPage(browser);
    ben = await newChromiumPage(browser);
    await recordSignaling(ada);
    await recordSignaling(ben);
    adaId = await joinRoom(ada, room, 'Ada', { camera: false, mic: false });
    benId = await joinRoom(ben, room, 'Ben', { camera: false, mic: false });
    await waitFor(async () => (await ben.locator(`#grid [data-participant="${adaId}"]`).count()) === 1, { message: "Ada's tile at Ben's" });
    await waitFor(async () => (await ada.locator(`#grid [data-participant="${benId}"]`).count()) === 1, { message: "Ben's tile at Ada's" });
  });

  after(async () => {
    await browser?.close();
  });

  test('the encryption banner shows our own lock icon, no emoji', async () => {
    const status = ben.locator('#e2ee');
    await waitFor(async () => ['verified', 'compared'].includes(await status.getAttribute('data-state') ?? ''), { message: 'keys verified' });
    assert.equal(await status.locator('.e2ee-lock').isVisible(), true);
    assert.equal(await status.locator('.e2ee-lock use').getAttribute('href'), '#icon-lock');
    const before = await ben.evaluate(() => getComputedStyle(/** @type {Element} */ (document.querySelector('#e2ee summary')), '::before').content);
    assert.ok(before === 'none' || before === 'normal', `summary::before content ${before}`);
    assert.equal(await ben.locator('#e2ee-summary').textContent(), en['e2ee.status-verified']);
  });

  test('Ada reacts from the keyboard; Ben sees it over her tile with our icon and hears it announced', async () => {
    await ada.locator('#meeting-reactions').focus();
    await ada.keyboard.press('Enter');
    await ada.keyboard.press('ArrowDown');  // thumbs up → applause
    assert.equal(await ada.evaluate(() => document.activeElement?.textContent?.trim()), en['reaction.applause']);
    // VICOS_E2E_SHOTS=DIR keeps pictures of the menu and of a shown reaction for people to look at.
    if (process.env.VICOS_E2E_SHOTS) await ada.screenshot({ path: `${process.env.VICOS_E2E_SHOTS}/reactions-menu.png` });
    const sentAt = Date.now();
    await ada.keyboard.press('Enter');
    assert.equal(await ada.evaluate(() => document.activeElement?.id), 'meeting-reactions', 'focus back on the menu button');
    assert.equal(await ada.locator('#reactions-menu').isHidden(), true);

    const onAda = ben.locator(`#grid [data-participant="${adaId}"] .tile-reaction`);
    await waitFor(() => onAda.isVisible(), { message: 'the reaction over Ada\'s tile at Ben\'s' });
    assert.equal(await onAda.getAttribute('data-reaction'), 'applause');
    if (process.env.VICOS_E2E_SHOTS) {
      await new Promise((resolve) => setTimeout(resolve, 400));  // after its pop-in animation
      await ben.screenshot({ path: `${process.env.VICOS_E2E_SHOTS}/reaction-shown.png` });
    }
    assert.equal(await onAda.locator('use').getAttribute('href'), '#icon-reaction-applause');
    assert.equal(await onAda.getAttribute('aria-label'), en['reaction.applause']);
    // Drawn by our sprite: the symbol exists and has shapes, so no font is involved.
    assert.ok(await ben.evaluate(() => (document.getElementById('icon-reaction-applause')?.childElementCount ?? 0) > 0));
    // Over the right tile only, and inside it.
    assert.equal(await ben.locator(`#grid [data-participant="${benId}"] .tile-reaction`).isVisible(), false);
    const tile = await ben.locator(`#grid [data-participant="${adaId}"]`).boundingBox();
    const badge = await onAda.boundingBox();
    assert.ok(tile && badge && badge.x >= tile.x && badge.x + badge.width <= tile.x + tile.width &&
      badge.y >= tile.y && badge.y + badge.height <= tile.y + tile.height, JSON.stringify({ tile, badge }));
    // The polite live region says who reacted how.
    assert.equal(await ben.locator('#announcer').getAttribute('aria-live'), 'polite');
    const announced = en['reaction.announce'].replace('{name}', 'Ada').replace('{reaction}', en['reaction.applause']);
    await waitFor(async () => (await ben.locator('#announcer').textContent())?.trim() === announced, { message: 'announced at Ben\'s' });
    // Ada sees her own reaction over her own tile.
    await waitFor(() => ada.locator(`#grid [data-participant="${adaId}"] .tile-reaction`).isVisible(), { message: 'Ada sees it too' });

    // It shows for about 4 s, then goes.
    await waitFor(() => onAda.isHidden(), { timeout: 8000, interval: 100, message: 'the reaction goes' });
    const shown = Date.now() - sentAt;
    assert.ok(shown >= 3500 && shown <= 6500, `shown for ${shown} ms`);
    assert.deepEqual((await received(ben)).filter((m) => m.type === 'reaction'), [{ type: 'reaction', from: adaId, reaction: 'applause' }]);
  });

  test('20 reactions sent at once: 5 go through, 15 are refused with rate-limited and not relayed', async () => {
    const before = (await received(ben)).length;
    // The page's own menu items, clicked as fast as script can: the client sends each one.
    await ben.evaluate(() => {
      const heart = /** @type {HTMLButtonElement} */ (document.querySelector('#reactions-menu [data-reaction="heart"]'));
      for (let i = 0; i < 20; ++i) heart.click();
    });
    await waitFor(async () => (await received(ben)).filter((m) => m.code === 'rate-limited').length === 15, { message: '15 refusals' });
    await new Promise((resolve) => setTimeout(resolve, 500));  // anything late would show now
    const atBen = (await received(ben)).slice(before);
    const atAda = (await received(ada)).filter((m) => m.type === 'reaction' && m.from === benId);
    assert.equal(atBen.filter((m) => m.type === 'reaction').length, 5, 'Ben gets his own 5 back');
    assert.equal(atAda.length, 5, 'Ada gets 5');
    for (const refusal of atBen.filter((m) => m.type === 'error')) assert.deepEqual([refusal.code, refusal.ref], ['rate-limited', 'reaction']);
    // Refused reactions are no meeting failure: no alert, a quiet word in the live region, still in the meeting.
    assert.equal(await ben.locator('#meeting-alert').isHidden(), true);
    assert.equal((await ben.locator('#announcer').textContent())?.trim(), en['reaction.slow-down']);
    await waitFor(() => ada.locator(`#grid [data-participant="${benId}"] .tile-reaction[data-reaction="heart"]`).isVisible(), { message: 'the heart at Ada\'s' });
    // A second later the bucket holds a token again.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await ben.evaluate(() => /** @type {HTMLButtonElement} */ (document.querySelector('#reactions-menu [data-reaction="laugh"]')).click());
    await waitFor(async () => (await received(ada)).some((m) => m.type === 'reaction' && m.reaction === 'laugh'), { message: 'a later reaction passes' });
  });
});
