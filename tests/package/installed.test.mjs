// The installed package in use: an organizer made with the installed CLI logs in, joins a meeting
// in real Chromium, and media reaches the server that runs as the unit starts it (tests/package/install_test.sh).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { baseUrl, joinRoom, launchChromium, newChromiumPage, roomName, sessionState, waitFor } from '../e2e/browsers.mjs';

const login = process.env.VICOS_ORGANIZER_LOGIN ?? 'organizer';
const password = process.env.VICOS_ORGANIZER_PASSWORD ?? '';
const metricsUrl = process.env.VICOS_METRICS_URL ?? 'http://127.0.0.1:9464/metrics';

/**
 * The sum of one metric over all its label sets in a fresh scrape.
 * @param {string} name
 */
async function metric(name) {
  const text = await (await fetch(metricsUrl)).text();
  let total = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name} `) || line.startsWith(`${name}{`)) total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

describe('the installed server', { timeout: 90_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  before(async () => {
    assert.ok(password !== '', 'install_test.sh exports VICOS_ORGANIZER_PASSWORD');
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  test('an organizer logs in and holds a meeting; the server receives the media', async () => {
    const page = await newChromiumPage(browser);
    await page.goto(`${baseUrl}/`);
    const status = await page.evaluate(async ([l, p]) => (await fetch('/api/login', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: l, password: p }),
    })).status, [login, password]);
    assert.equal(status, 200);

    const before = await metric('vicos_media_received_packets_total');
    await joinRoom(page, roomName('package'), 'Ida Installed');
    const state = await sessionState(page);
    assert.equal(/** @type {any} */ (state).role, 'moderator');
    await waitFor(() => page.evaluate(() => /** @type {any} */ (window).vicos.pc?.connectionState === 'connected'),
      { message: 'ICE and DTLS with the installed server' });
    await waitFor(async () => (await metric('vicos_media_received_packets_total')) > before + 50,
      { message: 'media packets received by the server' });
  });
});
