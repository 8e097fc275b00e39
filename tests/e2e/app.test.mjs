// Real-browser test of the installable app: the manifest parses without errors, the service worker becomes active and controls room pages (secret fragment intact), and its cache holds only static client files (P6, P29).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { baseUrl, en, joinRoom, launchChromium, newChromiumPage, roomLink, roomName, waitFor } from './browsers.mjs';

/** Paths the service worker may keep: the shell and the static folders (web/sw.js). */
const kStatic = /^\/(|manifest\.webmanifest|(css|js|i18n|icons)\/[A-Za-z0-9_./-]+)$/;

/**
 * Every URL in every Cache Storage cache of the page's origin, by cache name.
 * @param {import('playwright-core').Page} page
 * @returns {Promise<Record<string, string[]>>}
 */
function cachedUrls(page) {
  return page.evaluate(async () => {
    /** @type {Record<string, string[]>} */
    const result = {};
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      result[name] = (await cache.keys()).map((r) => r.url);
    }
    return result;
  });
}

describe('installable web app (Chromium)', { timeout: 120_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let page;
  const room = roomName('app');

  before(async () => {
    // Chromium refuses to register service workers on an origin whose certificate it does not
    // trust, and the test server's certificate is self-signed; the context's ignoreHTTPSErrors
    // does not lift that refusal, the launch flag does. Only this test needs it: the other
    // tests run as a user who never installs the app would.
    browser = await launchChromium({ args: ['--ignore-certificate-errors'] });
    page = await newChromiumPage(browser);
  });

  after(async () => {
    await browser?.close();
  });

  test('the server serves the manifest and the service worker with their types', async () => {
    await page.goto(`${baseUrl}/`);
    const types = await page.evaluate(async () => {
      const manifest = await fetch('/manifest.webmanifest');
      const worker = await fetch('/sw.js');
      return {
        manifest: manifest.headers.get('content-type'), worker: worker.headers.get('content-type'),
        csp: worker.headers.get('content-security-policy') ?? '',
      };
    });
    assert.equal(types.manifest, 'application/manifest+json');
    assert.match(types.worker ?? '', /^text\/javascript/);
    // The policy is the site's usual one: service workers and manifests fall under 'self'.
    assert.match(types.csp, /default-src 'self'/);
  });

  test('the manifest is found and parses without errors', async () => {
    await page.goto(`${baseUrl}/`);
    const cdp = await page.context().newCDPSession(page);
    const manifest = await cdp.send('Page.getAppManifest');
    assert.equal(manifest.url, `${baseUrl}/manifest.webmanifest`);
    assert.deepEqual(manifest.errors, []);
    const data = JSON.parse(manifest.data ?? '{}');
    assert.equal(data.name, 'vicos');
    assert.equal(data.start_url, '/');
    assert.equal(data.display, 'standalone');
    // Every icon comes from our own server and loads.
    for (const icon of data.icons) {
      assert.match(icon.src, /^\/icons\//);
      const status = await page.evaluate(async (src) => (await fetch(src)).status, icon.src);
      assert.equal(status, 200, icon.src);
    }
    await cdp.detach();
  });

  test('the service worker becomes active and controls a room page without losing its secret', async () => {
    await page.goto(roomLink(room));
    const active = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      return { state: registration.active?.state, script: registration.active?.scriptURL, scope: registration.scope };
    });
    assert.deepEqual(active, { state: 'activated', script: `${baseUrl}/sw.js`, scope: `${baseUrl}/` });
    // A reload goes through the worker; the fragment (the meeting's secret) stays in the page.
    await page.reload();
    await waitFor(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { message: 'page controlled' });
    assert.equal(await page.evaluate(() => location.href), roomLink(room));
    await waitFor(async () => (await page.locator('#prejoin-e2ee').textContent()) === en['prejoin.e2ee-ok'],
      { message: 'pre-join sees the secret' });
  });

  test('after a meeting, the cache holds only static client files', async () => {
    await joinRoom(page, room, 'Ada', { camera: false, mic: false });
    await page.evaluate(() => fetch('/api/session').catch(() => null));
    const caches = await waitFor(async () => {
      const all = await cachedUrls(page);
      return Object.values(all).flat().some((u) => u.endsWith('/js/ui/meeting.js')) ? all : null;
    }, { message: 'modules cached as the page loaded them' });
    assert.deepEqual(Object.keys(caches), ['vicos-static-v1']);
    const urls = caches['vicos-static-v1'];
    for (const url of urls) {
      const parsed = new URL(url);
      assert.equal(parsed.origin, baseUrl, url);
      assert.equal(parsed.search, '', url);
      assert.match(parsed.pathname, kStatic, url);
    }
    assert.ok(!urls.some((u) => u.includes(room)), 'the room is not cached');
    assert.ok(urls.includes(`${baseUrl}/`) && urls.includes(`${baseUrl}/js/main.js`));
  });

  test('offline, the installed app still opens from its cache', async () => {
    await page.context().setOffline(true);
    try {
      await page.goto(`${baseUrl}/`);
      await waitFor(() => page.locator('#start-heading').isVisible(), { message: 'start page offline' });
    } finally {
      await page.context().setOffline(false);
    }
  });
});
