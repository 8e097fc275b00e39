// The operator's privacy notice and imprint links (P31) appear on the start and pre-join pages,
// as run.sh configures them in the server's configuration file, in either language.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { baseUrl, de, en, launchChromium, newChromiumPage, roomLink, waitFor } from './browsers.mjs';

describe('privacy notice and imprint links (P31)', { timeout: 60_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;

  before(async () => {
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
  });

  /** @param {any} page */
  const visibleLinks = (page) => page.evaluate(() => [...document.querySelectorAll('.site-links')]
    .filter((p) => /** @type {HTMLElement} */ (p).offsetParent !== null)
    .flatMap((p) => [...p.querySelectorAll('a')].map((a) => ({ text: a.textContent, href: a.href, rel: a.rel }))));

  test('the start page shows both links, and the pre-join page too, in German', async () => {
    const page = await newChromiumPage(browser);
    await page.goto(`${baseUrl}/`);
    const links = await waitFor(async () => { const l = await visibleLinks(page); return l.length === 2 && l; },
      { message: 'links on the start page' });
    assert.deepEqual(links.map((l) => l.text), [en['site.privacy-notice'], en['site.imprint']]);
    assert.deepEqual(links.map((l) => l.href), ['https://operator.example/datenschutz', 'https://operator.example/impressum']);
    assert.ok(links.every((l) => l.rel.includes('noreferrer')));

    const german = await newChromiumPage(browser, { locale: 'de-DE' });
    await german.goto(roomLink(`links-${Date.now()}`));
    const prejoin = await waitFor(async () => { const l = await visibleLinks(german); return l.length === 2 && l; },
      { message: 'links on the pre-join page' });
    assert.deepEqual(prejoin.map((l) => l.text), [de['site.privacy-notice'], de['site.imprint']]);
  });
});
