// The admin page (docs/operations.md "Admin page") in real Chromium: an admin logs in, sees the
// health, the load with a meeting counted but not named, and a graph drawn from the server's own
// samples; adds an account and disables it, which ends that account's session; an organizer
// without the admin role gets no admin page and the API refuses them.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { baseUrl, clickByRole, de, en, fillByRole, joinRoom, launchChromium, newChromiumPage, roomName, waitFor }
  from './browsers.mjs';

const adminLogin = process.env.VICOS_ADMIN_LOGIN ?? 'ada';
const adminPassword = process.env.VICOS_ADMIN_PASSWORD ?? '';
const organizerLogin = process.env.VICOS_ORGANIZER_LOGIN ?? 'organizer';
const organizerPassword = process.env.VICOS_ORGANIZER_PASSWORD ?? '';

/**
 * Logs in through the API from the page (same origin, JSON, as the login page does).
 * @param {import('playwright-core').Page} page
 * @param {string} login
 * @param {string} password
 */
function apiLogin(page, login, password) {
  return page.evaluate(async ([l, p]) => (await fetch('/api/login', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: l, password: p }),
  })).status, [login, password]);
}

/**
 * @param {import('playwright-core').Page} page
 * @param {string} path
 */
function apiStatus(page, path) {
  return page.evaluate(async (p) => (await fetch(p, { cache: 'no-store' })).status, path);
}

describe('admin page', { timeout: 120_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;

  before(async () => {
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
  });

  test('an admin sees health, load and graphs, adds an account and disables it', async () => {
    // A meeting is going on; the admin page counts it without naming it or its people.
    const room = roomName('admin-counted');
    const guest = await newChromiumPage(browser);
    await joinRoom(guest, room, 'Gisela Gast', { camera: false, mic: false });

    const page = await newChromiumPage(browser);
    await page.goto(`${baseUrl}/admin`);
    await page.getByText(en['admin.login-needed'], { exact: true }).waitFor();
    assert.ok(await page.locator('#admin-body').isHidden());
    await page.locator('#admin-login').click();
    await fillByRole(page, en['login.login-label'], adminLogin);
    await page.locator('#login-password').fill(adminPassword);
    await clickByRole(page, 'button', en['login.submit']);
    await page.getByRole('heading', { name: en['admin.heading'], exact: true, level: 1 }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/admin');

    // Health: the same checks as /readyz.
    await page.getByRole('heading', { name: en['admin.health'], exact: true }).waitFor();
    await page.getByText(en['admin.ready'], { exact: true }).waitFor();
    // Load: this node and each worker, with the meeting counted.
    const load = page.getByRole('table', { name: en['admin.load-caption'] });
    const node = load.getByRole('row', { name: new RegExp(`^${en['admin.this-node']}`) });
    await waitFor(async () => {
      const cells = await node.locator('td').allTextContents();
      return cells[1] === '1' && cells[2] === '1';  // one room, one participant
    }, { message: 'the meeting counted on the admin page', timeout: 15_000 });
    await load.getByRole('rowheader', { name: en['admin.worker'].replace('{index}', '0') }).waitFor();
    // A graph: a picture named by its title, with a text alternative.
    const graph = page.getByRole('img', { name: en['admin.graph-people'] });
    await graph.waitFor();
    assert.ok(await graph.locator('polyline, circle').count() >= 1, 'the graph draws the samples');
    const description = await page.locator('#admin-graph-people-desc').textContent();
    assert.match(description ?? '', /Participants from .*: now \d/);
    const text = await page.locator('#screen-admin').textContent();
    assert.ok(!text?.includes(room) && !text?.includes('Gisela'), 'no room name and no participant name');
    // Retention: rows per table.
    await page.getByRole('table', { name: en['admin.tables-caption'] }).getByRole('rowheader', { name: 'users' })
      .waitFor();

    // Add an account.
    const login = `tessa${Date.now() % 100000}`;
    await fillByRole(page, en['admin.col-login'], login);
    await fillByRole(page, en['admin.col-name'], 'Tessa Test');
    await page.locator('#admin-add-password').fill('tessas password');
    await clickByRole(page, 'button', en['admin.add-submit']);
    await page.getByText(en['admin.added'].replace('{login}', login), { exact: true }).waitFor();
    const accounts = page.getByRole('table', { name: en['admin.accounts-caption'] });
    await accounts.getByRole('rowheader', { name: login, exact: true }).waitFor();

    // The new account logs in elsewhere.
    const other = await newChromiumPage(browser);
    await other.goto(`${baseUrl}/`);
    assert.equal(await apiLogin(other, login, 'tessas password'), 200);
    assert.equal(await apiStatus(other, '/api/session'), 200);

    // Disable it by keyboard: its session stops working and it cannot log in again.
    const disable = page.getByRole('button', { name: en['admin.disable-named'].replace('{login}', login), exact: true });
    await disable.focus();
    await page.keyboard.press('Enter');
    await page.getByText(en['admin.disabled-done'].replace('{login}', login).replace('{sessions}', '1'), { exact: true })
      .waitFor();
    assert.equal(await apiStatus(other, '/api/session'), 401);
    assert.equal(await apiLogin(other, login, 'tessas password'), 401);
    await accounts.getByRole('button', { name: en['admin.enable-named'].replace('{login}', login), exact: true })
      .waitFor();

    // German, with the same structure.
    await page.locator('#language').selectOption('de');
    await page.getByRole('heading', { name: de['admin.heading'], exact: true, level: 1 }).waitFor();
    await page.getByRole('img', { name: de['admin.graph-people'] }).waitFor();
    await page.locator('#language').selectOption('en');
    await Promise.all([guest.context().close(), other.context().close(), page.context().close()]);
  });

  test('an organizer without the admin role gets no admin page', async () => {
    const page = await newChromiumPage(browser);
    await page.goto(`${baseUrl}/`);
    assert.equal(await apiLogin(page, organizerLogin, organizerPassword), 200);
    await page.goto(`${baseUrl}/`);
    await page.locator('#start-organizer').waitFor();
    assert.ok(await page.locator('#start-admin').isHidden(), 'no admin link on the start page');
    await page.goto(`${baseUrl}/admin`);
    await page.getByText(en['admin.not-admin'], { exact: true }).waitFor();
    assert.ok(await page.locator('#admin-body').isHidden());
    assert.equal(await page.locator('#admin-accounts tbody tr').count(), 0, 'no account listed');
    for (const path of ['overview', 'history', 'accounts', 'retention'])
      assert.equal(await apiStatus(page, `/api/admin/${path}`), 403, path);
    const post = await page.evaluate(async () => (await fetch('/api/admin/accounts/admin', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ login: 'organizer', admin: true }),
    })).status);
    assert.equal(post, 403);
    await page.context().close();
  });

  test('the start page offers the admin page to an admin', async () => {
    const page = await newChromiumPage(browser);
    await page.goto(`${baseUrl}/`);
    assert.equal(await apiLogin(page, adminLogin, adminPassword), 200);
    await page.goto(`${baseUrl}/`);
    await page.getByRole('link', { name: en['admin.link'], exact: true }).click();
    await page.getByRole('heading', { name: en['admin.heading'], exact: true, level: 1 }).waitFor();
    await page.context().close();
  });
});
