// Real-browser test of the phone layout: two participants meet on a 390×844 touch screen (portrait and landscape); nothing is wider than the screen, the toolbar is one row whose every action (its menus' too) is reachable by keyboard, every toolbar button can be tapped, panels cover the screen and close.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { chooseFromMore, en, joinRoom, launchChromium, newChromiumPage, roomName, waitFor } from './browsers.mjs';

const kPhone = { isMobile: true, hasTouch: true, deviceScaleFactor: 3 };

/**
 * Whether the page scrolls sideways, and the toolbar buttons that are not fully on screen or
 * smaller than a finger (44 CSS px).
 * @param {import('playwright-core').Page} page
 */
function layoutProblems(page) {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const height = window.innerHeight;
    const scrolling = /** @type {Element} */ (document.scrollingElement);
    // Shown now: not hidden, not in a closed menu, not hidden by a media query.
    const buttons = [...document.querySelectorAll('#screen-meeting .controls button')]
      .filter((b) => b.getClientRects().length > 0);
    const bad = buttons.flatMap((b) => {
      const r = b.getBoundingClientRect();
      const label = b.getAttribute('aria-label') ?? b.textContent?.trim() ?? b.id;
      const problems = [];
      if (r.left < 0 || r.right > width || r.top < 0 || r.bottom > height) problems.push(`${label} off screen`);
      if (r.width < 44 || r.height < 44) problems.push(`${label} ${r.width}×${r.height}`);
      return problems;
    });
    return { scrollWidth: scrolling.scrollWidth, width, buttons: buttons.length, bad };
  });
}

describe('phone layout (Chromium, 390×844, touch)', { timeout: 150_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let ada;
  /** @type {import('playwright-core').Page} */
  let ben;
  const room = roomName('phone');

  before(async () => {
    browser = await launchChromium();
    ada = await newChromiumPage(browser, { viewport: { width: 390, height: 844 }, device: kPhone });
    ben = await newChromiumPage(browser, { viewport: { width: 390, height: 844 }, device: kPhone });
    await joinRoom(ada, room, 'Ada');
    await joinRoom(ben, room, 'Ben Mit Einem Sehr Langen Namen Der Nicht Passt');
    await waitFor(async () => (await ada.locator('#grid .tile').count()) === 2, { message: 'two tiles on Ada\'s phone' });
  });

  after(async () => {
    await browser?.close();
  });

  for (const [label, size] of /** @type {const} */ ([['portrait', { width: 390, height: 844 }], ['landscape', { width: 844, height: 390 }], ['small portrait', { width: 360, height: 740 }]])) {
    test(`${label}: nothing is wider than the screen and every toolbar button is on screen and large enough`, async () => {
      await ada.setViewportSize(size);
      // VICOS_E2E_SHOTS=DIR keeps a picture of each size for people to look at.
      if (process.env.VICOS_E2E_SHOTS) await ada.screenshot({ path: `${process.env.VICOS_E2E_SHOTS}/phone-${label.replace(' ', '-')}.png` });
      const result = await layoutProblems(ada);
      assert.ok(result.scrollWidth <= result.width, `page is ${result.scrollWidth} px wide on a ${result.width} px screen`);
      assert.ok(result.buttons >= 8, `only ${result.buttons} toolbar buttons`);
      assert.deepEqual(result.bad, []);
      // Both tiles are on screen with a usable size.
      const tiles = await ada.evaluate(() => [...document.querySelectorAll('#grid .tile')].map((t) => {
        const r = t.getBoundingClientRect();
        return { w: r.width, h: r.height, inside: r.left >= 0 && r.right <= window.innerWidth && r.bottom <= window.innerHeight };
      }));
      for (const tile of tiles) assert.ok(tile.inside && tile.w >= 120 && tile.h >= 90, JSON.stringify(tiles));
    });
  }

  test('a tile\'s pin button is large enough for a finger and visible without hover', async () => {
    await ada.setViewportSize({ width: 390, height: 844 });
    const pins = await ada.evaluate(() => [...document.querySelectorAll('#grid .tile-pin')].map((b) => {
      const r = b.getBoundingClientRect();
      return { w: r.width, h: r.height, opacity: Number(getComputedStyle(b).opacity) };
    }));
    assert.equal(pins.length, 2);
    for (const pin of pins) assert.ok(pin.w >= 44 && pin.h >= 44 && pin.opacity > 0.5, JSON.stringify(pins));
  });

  test('every toolbar button can be tapped', async () => {
    await ada.setViewportSize({ width: 390, height: 844 });
    // trial: playwright checks that the button is visible, stable, enabled and receives the tap
    // (nothing covers it) without performing it.
    const buttons = ada.locator('#screen-meeting .controls button:visible');
    const count = await buttons.count();
    for (let i = 0; i < count; ++i) {
      const button = buttons.nth(i);
      if (await button.isDisabled()) continue;
      await button.tap({ trial: true, timeout: 5000 });
    }
  });

  test('the chat panel covers the screen, opens and closes by tapping', async () => {
    await ada.getByRole('button', { name: en['chat.button'], exact: true }).tap();
    await waitFor(() => ada.locator('#chat-panel').isVisible(), { message: 'chat open' });
    const box = await ada.locator('#chat-panel').boundingBox();
    assert.ok(box && box.width === 390 && box.x === 0, JSON.stringify(box));
    const scroll = await ada.evaluate(() => /** @type {Element} */ (document.scrollingElement).scrollWidth);
    assert.ok(scroll <= 390);
    await ada.getByRole('textbox', { name: en['chat.input-label'], exact: true }).fill('Hallo vom Telefon');
    await ada.getByRole('button', { name: en['chat.send'], exact: true }).tap();
    await waitFor(async () => (await ben.locator('#chat-list .chat-text').allTextContents()).includes('Hallo vom Telefon'), { message: 'Ben gets the message' });
    await ada.getByRole('button', { name: en['panel.close'], exact: true }).tap();
    await waitFor(() => ada.locator('#chat-panel').isHidden(), { message: 'chat closed' });
    assert.equal(await ada.evaluate(() => document.activeElement?.id), 'meeting-chat');
  });

  test('the settings panel also covers the screen and closes', async () => {
    await chooseFromMore(ada, 'menuitem', en['settings.button']);
    await waitFor(() => ada.locator('#settings-panel').isVisible(), { message: 'settings open' });
    const box = await ada.locator('#settings-panel').boundingBox();
    assert.ok(box && box.width === 390, JSON.stringify(box));
    await ada.getByRole('button', { name: en['panel.close'], exact: true }).tap();
    await waitFor(() => ada.locator('#settings-panel').isHidden(), { message: 'settings closed' });
    // The settings item's menu is closed by now: focus returns to the menu's button.
    assert.equal(await ada.evaluate(() => document.activeElement?.id), 'meeting-more');
  });

  test('portrait: the toolbar is one row with the primary actions; the others are in "More"', async () => {
    await ada.setViewportSize({ width: 390, height: 844 });
    const items = await ada.evaluate(() => [...document.querySelectorAll('#screen-meeting .controls > *')]
      .filter((e) => e.getClientRects().length > 0)
      .map((e) => {
        const r = e.getBoundingClientRect();
        return { id: e.id || e.querySelector('button')?.id, top: Math.round(r.top), bottom: Math.round(r.bottom) };
      }));
    assert.deepEqual(items.map((i) => i.id), ['meeting-mic', 'meeting-camera', 'meeting-hand', 'meeting-reactions',
      'meeting-chat', 'meeting-people', 'meeting-more', 'meeting-leave']);
    for (const item of items) assert.ok(item.top === items[0].top && item.bottom === items[0].bottom, JSON.stringify(items));
  });

  test('portrait: every action of the toolbar and its menus is reachable by keyboard', async () => {
    await ada.setViewportSize({ width: 390, height: 844 });
    const focused = () => ada.evaluate(() => document.activeElement?.id ?? '');
    // Tab walks the toolbar from the microphone to Leave.
    await ada.locator('#meeting-mic').focus();
    const walked = [await focused()];
    for (let i = 0; i < 7; ++i) {
      await ada.keyboard.press('Tab');
      walked.push(await focused());
    }
    assert.deepEqual(walked, ['meeting-mic', 'meeting-camera', 'meeting-hand', 'meeting-reactions', 'meeting-chat',
      'meeting-people', 'meeting-more', 'meeting-leave']);

    /**
     * Opens the menu of `button` with Enter and walks it with the arrow keys; returns the ids or
     * labels of the items in order and closes it with Escape.
     * @param {string} button
     */
    async function walkMenu(button) {
      await ada.locator(`#${button}`).focus();
      await ada.keyboard.press('Enter');
      assert.equal(await ada.locator(`#${button}`).getAttribute('aria-expanded'), 'true');
      const label = () => ada.evaluate(() => document.activeElement?.id || document.activeElement?.textContent?.trim() || '');
      const seen = [await label()];
      for (;;) {
        await ada.keyboard.press('ArrowDown');
        const now = await label();
        if (now === seen[0] || seen.length > 10) break;  // wrapped round
        seen.push(now);
      }
      await ada.keyboard.press('End');
      assert.equal(await label(), seen[seen.length - 1]);
      await ada.keyboard.press('Home');
      assert.equal(await label(), seen[0]);
      await ada.keyboard.press('ArrowUp');
      assert.equal(await label(), seen[seen.length - 1], 'ArrowUp from the first item wraps to the last');
      await ada.keyboard.press('Escape');
      assert.equal(await ada.locator(`#${button}`).getAttribute('aria-expanded'), 'false');
      assert.equal(await focused(), button, 'Escape returns focus to the menu button');
      return seen;
    }
    // On a phone the screen share is the first item of "More" (its toolbar button has no room).
    assert.deepEqual(await walkMenu('meeting-more'), ['meeting-screen-item', 'meeting-layout', 'meeting-self-view',
      'meeting-fullscreen', 'meeting-polls', 'meeting-record', 'meeting-invite', 'meeting-breakouts',
      'meeting-settings']);
    assert.deepEqual(await walkMenu('meeting-reactions'), ['thumbs-up', 'applause', 'heart', 'laugh', 'surprised', 'raised-hands']
      .map((r) => en[`reaction.${r}`]));

    // A checkbox item works from the keyboard and shows its state; choosing closes the menu.
    await ada.locator('#meeting-more').focus();
    await ada.keyboard.press('ArrowDown');
    await ada.keyboard.press('ArrowDown');
    assert.equal(await focused(), 'meeting-layout');
    await ada.keyboard.press('Enter');
    assert.equal(await ada.locator('#grid').getAttribute('data-layout'), 'speaker');
    assert.equal(await ada.locator('#meeting-layout').getAttribute('aria-checked'), 'true');
    assert.equal(await ada.locator('#more-menu').isHidden(), true);
    assert.equal(await focused(), 'meeting-more');
    await ada.keyboard.press('Enter');
    await ada.keyboard.press('ArrowDown');
    await ada.keyboard.press(' ');
    assert.equal(await ada.locator('#grid').getAttribute('data-layout'), 'grid');
    assert.equal(await ada.locator('#meeting-layout').getAttribute('aria-checked'), 'false');
  });
});
