// Client UI checks in Chromium: devices off before joining, accessible names, language switch, and the start page's new meeting names.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { baseUrl, de, en, joinRoom, launchChromium, newChromiumPage, waitFor } from './browsers.mjs';

const kControlRoles = ['button', 'textbox', 'combobox', 'checkbox', 'radio', 'link', 'switch', 'slider', 'spinbutton'];

/**
 * Every visible control's accessible name, computed by the browser's accessibility tree.
 * @param {import('playwright-core').Page} page
 * @returns {Promise<{named: string[], unnamed: string[], domControls: number}>}
 */
async function controlNames(page) {
  const snapshot = await page.locator('body').ariaSnapshot();
  const named = [];
  const unnamed = [];
  for (const line of snapshot.split('\n')) {
    const match = /^\s*- (\w+)(?: "(.*?)")?/.exec(line);
    if (!match || !kControlRoles.includes(match[1])) continue;
    if (match[2] && match[2].trim() !== '') named.push(`${match[1]} "${match[2]}"`);
    else unnamed.push(line.trim());
  }
  const domControls = await page.evaluate(() => [...document.querySelectorAll('button, input, select, textarea, a[href]')]
    .filter((e) => e.getClientRects().length > 0).length);
  return { named, unnamed, domControls };
}

/** @param {import('playwright-core').Page} page */
async function assertAllNamed(page, screen) {
  const { named, unnamed, domControls } = await controlNames(page);
  assert.deepEqual(unnamed, [], `${screen}: controls without an accessible name`);
  assert.equal(named.length, domControls, `${screen}: every visible control is in the accessibility tree with a name (${named.join(', ')})`);
}

describe('client UI', { timeout: 120_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;

  before(async () => {
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
  });

  test('pre-join: camera and microphone are off and no device is opened until the user turns them on', async () => {
    const page = await newChromiumPage(browser);
    await page.addInitScript(() => {
      const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
      /** @type {any} */ (window).gumCalls = [];
      navigator.mediaDevices.getUserMedia = (constraints) => {
        /** @type {any} */ (window).gumCalls.push(constraints);
        return original(constraints);
      };
    });
    await page.goto(`${baseUrl}/ui-${randomBytes(4).toString('hex')}`);
    const camera = page.getByRole('button', { name: en['media.camera'], exact: true });
    const mic = page.getByRole('button', { name: en['media.microphone'], exact: true });
    assert.equal(await camera.getAttribute('aria-pressed'), 'false');
    assert.equal(await mic.getAttribute('aria-pressed'), 'false');
    await page.waitForTimeout(500);
    assert.equal(await page.evaluate(() => /** @type {any} */ (window).gumCalls.length), 0, 'no getUserMedia before a click');
    assert.equal(await page.evaluate(() => /** @type {HTMLVideoElement} */ (document.getElementById('prejoin-video')).srcObject), null);

    await camera.click();
    await waitFor(async () => (await camera.getAttribute('aria-pressed')) === 'true', { message: 'camera on' });
    assert.equal(await mic.getAttribute('aria-pressed'), 'false', 'the microphone stays off');
    assert.deepEqual(await page.evaluate(() => /** @type {any} */ (window).gumCalls.map((c) => Object.keys(c))), [['video']]);
    const live = () => page.evaluate(() => {
      const stream = /** @type {MediaStream | null} */ (/** @type {HTMLVideoElement} */ (document.getElementById('prejoin-video')).srcObject);
      return stream?.getVideoTracks()[0]?.readyState ?? 'none';
    });
    assert.equal(await live(), 'live');
    await camera.click();
    await waitFor(async () => (await camera.getAttribute('aria-pressed')) === 'false', { message: 'camera off' });
    assert.equal(await live(), 'none', 'turning the camera off releases it');
    await page.context().close();
  });

  test('every button and input has an accessible name on the start, pre-join and meeting screens', async () => {
    const page = await newChromiumPage(browser);
    await page.goto(`${baseUrl}/`);
    await page.getByRole('button', { name: en['start.new'], exact: true }).waitFor();
    await assertAllNamed(page, 'start');
    await page.goto(`${baseUrl}/names-${randomBytes(4).toString('hex')}`);
    await page.getByRole('button', { name: en['prejoin.join'], exact: true }).waitFor();
    await assertAllNamed(page, 'pre-join');
    await joinRoom(page, `names-${randomBytes(4).toString('hex')}`, 'Ida', { camera: true, mic: false });
    await page.getByRole('button', { name: en['meeting.leave'], exact: true }).waitFor();
    await assertAllNamed(page, 'meeting');
    await page.context().close();
  });

  test('switching the language changes the labels, and a German browser starts in German', async () => {
    const page = await newChromiumPage(browser);
    await page.goto(`${baseUrl}/lang-${randomBytes(4).toString('hex')}`);
    await page.getByRole('button', { name: en['prejoin.join'], exact: true }).waitFor();
    await page.getByRole('combobox', { name: en['lang.label'], exact: true }).selectOption('de');
    await page.getByRole('button', { name: de['prejoin.join'], exact: true }).waitFor();
    assert.equal(await page.getByRole('button', { name: en['prejoin.join'], exact: true }).count(), 0);
    await page.getByRole('textbox', { name: de['prejoin.name-label'], exact: true }).waitFor();
    await page.getByRole('button', { name: de['media.camera'], exact: true }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'de');
    await page.context().close();

    const german = await newChromiumPage(browser, { locale: 'de-DE' });
    await german.goto(`${baseUrl}/`);
    await german.getByRole('button', { name: de['start.new'], exact: true }).waitFor();
    await german.context().close();
  });

  test('"New meeting" opens a room named with at least 22 base64url characters, new each time', async () => {
    const page = await newChromiumPage(browser);
    const rooms = new Set();
    for (let i = 0; i < 3; ++i) {
      await page.goto(`${baseUrl}/`);
      await page.getByRole('button', { name: en['start.new'], exact: true }).click();
      await page.getByRole('button', { name: en['prejoin.join'], exact: true }).waitFor();
      const path = new URL(page.url()).pathname;
      assert.match(path, /^\/[A-Za-z0-9_-]{22,}$/);
      rooms.add(path);
    }
    assert.equal(rooms.size, 3);
    await page.context().close();
  });

  test('the start page rejects an invalid room name and accepts a meeting link', async () => {
    const page = await newChromiumPage(browser);
    await page.goto(`${baseUrl}/`);
    const field = page.getByRole('textbox', { name: en['start.room-label'], exact: true });
    await field.fill('no spaces allowed');
    await page.getByRole('button', { name: en['start.go'], exact: true }).click();
    await page.getByRole('alert').filter({ hasText: en['error.invalid-room'] }).waitFor();
    await field.fill(`${baseUrl}/team_weekly-1`);
    await page.getByRole('button', { name: en['start.go'], exact: true }).click();
    await page.getByRole('button', { name: en['prejoin.join'], exact: true }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/team_weekly-1');
    await page.context().close();
  });
});
