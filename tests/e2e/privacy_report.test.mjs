// The admin page of the privacy report (P33) in real Chromium: refused without a login, shown
// to a logged-in organizer with the warnings the running configuration earns, in either language.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { baseUrl, clickByRole, de, en, fillByRole, launchChromium, newChromiumPage, waitFor } from './browsers.mjs';

const login = process.env.VICOS_ORGANIZER_LOGIN ?? 'organizer';
const password = process.env.VICOS_ORGANIZER_PASSWORD ?? '';

describe('privacy report page (P33)', { timeout: 90_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;

  before(async () => {
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
  });

  /** @param {import('playwright-core').Page} page */
  const warningIds = (page) => page.locator('#report-body li[data-warning]')
    .evaluateAll((items) => items.map((li) => /** @type {HTMLElement} */ (li).dataset.warning));

  test('a guest is asked to log in and the API refuses; after the login the report shows', async () => {
    const page = await newChromiumPage(browser);
    await page.goto(`${baseUrl}/privacy-report`);
    await page.getByText(en['report.login-needed'], { exact: true }).waitFor();
    assert.ok(await page.locator('#report-body').isHidden(), 'nothing of the report without a login');
    const refused = await page.evaluate(async () => {
      const response = await fetch('/api/privacy-report/en');
      return { status: response.status, body: await response.text() };
    });
    assert.equal(refused.status, 401);
    assert.ok(!refused.body.includes('categories'), 'the refusal holds no part of the report');

    // The page's login link leads back to the report.
    await page.locator('#report-login').click();
    await page.getByRole('heading', { name: en['login.heading'], exact: true }).waitFor();
    await fillByRole(page, en['login.login-label'], login);
    await page.locator('#login-password').fill(password);
    await clickByRole(page, 'button', en['login.submit']);
    await page.getByRole('heading', { name: en['report.heading'], exact: true }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/privacy-report');
    await page.locator('#report-body').waitFor();

    // run.sh starts this server with `--room-policy open` and a self-signed certificate, and
    // configures notice and imprint links but no location or controller.
    const ids = await waitFor(async () => { const w = await warningIds(page); return w.length > 0 && w; },
      { message: 'warnings on the page' });
    for (const id of ['self_signed_certificate', 'open_rooms', 'server_location_missing', 'controller_missing',
      'log_to_journal'])
      assert.ok(ids.includes(id), `warning ${id} in ${ids}`);
    assert.ok(!ids.includes('privacy_notice_url_missing') && !ids.includes('imprint_url_missing'), `${ids}`);
    const rows = await page.locator('#report-body table tbody tr').count();
    assert.ok(rows >= 3, `categories of personal data: ${rows}`);

    // The page shows what the API says, in the page's language.
    const api = await page.evaluate(async () => (await fetch('/api/privacy-report/de')).json());
    await page.locator('#language').selectOption('de');
    await page.getByRole('heading', { name: de['report.heading'], exact: true }).waitFor();
    await page.locator('#report-body h2', { hasText: api.title }).waitFor();
    assert.equal(await page.locator('#report-body tbody tr').count(), api.categories.length);
    // Row by row the facts the server generated, with the version and commit it runs (P17, P33).
    const facts = await page.locator('#report-body tbody th[data-fact]')
      .evaluateAll((cells) => cells.map((th) => /** @type {HTMLElement} */ (th).dataset.fact));
    assert.deepEqual(facts, api.categories.map((/** @type {{key: string}} */ c) => c.key));
    assert.ok(facts.includes('door') && facts.includes('chat') && facts.includes('plain-media'), `${facts}`);
    assert.match(api.version, /^\d+\.\d+\.\d+ \(commit ([0-9a-f]{12}|unknown)\)$/);
    await page.locator('#report-body', { hasText: api.version }).waitFor();
  });

  test('the start page offers the report to a logged-in organizer only', async () => {
    const page = await newChromiumPage(browser);
    await page.goto(`${baseUrl}/`);
    await page.getByRole('link', { name: en['login.link'], exact: true }).waitFor();
    assert.ok(await page.locator('#start-report').isHidden());
    const status = await page.evaluate(async ([l, p]) => (await fetch('/api/login', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: l, password: p }),
    })).status, [login, password]);
    assert.equal(status, 200);
    await page.goto(`${baseUrl}/`);
    await page.getByRole('link', { name: en['report.link'], exact: true }).click();
    await page.getByRole('heading', { name: en['report.heading'], exact: true }).waitFor();
    await page.locator('#report-body li[data-warning="open_rooms"]').waitFor();
  });
});
