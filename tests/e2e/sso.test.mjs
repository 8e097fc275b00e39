// Single sign-on for organizers (P9) in real Chromium against a real OpenID provider (npm
// oidc-provider over HTTPS with a test CA the server is told to trust), all on loopback inside
// the test's network namespace: a login that works, a user without the organizer claim, replayed
// callbacks and ID tokens with a wrong audience, nonce, expiry or signature (docs/security.md
// "Single sign-on").

import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { de, en, launchChromium, newChromiumPage, waitFor } from './browsers.mjs';
import { makeTestCa, startProvider } from './oidc_provider.mjs';

const binary = process.env.VICOS_BINARY;
const port = Number(process.env.VICOS_E2E_SSO_PORT ?? 8470);
const vicos = `https://127.0.0.1:${port}`;
const idpPort = port + 1;
const providerName = 'Test ID';
const ssoLink = en['login.sso'].replace('{name}', providerName);

describe('single sign-on with OpenID Connect (P9)', { skip: !binary && 'run through tests/e2e/run.sh', timeout: 180_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {Awaited<ReturnType<typeof startProvider>>} */
  let idp;
  /** @type {import('node:child_process').ChildProcess} */
  let server;
  const dir = mkdtempSync(join(tmpdir(), 'vicos-sso-'));
  const serverLog = join(dir, 'server.log');
  let serverOutput = '';
  let teacherLogin = '';

  before(async () => {
    const ca = makeTestCa(dir);
    idp = await startProvider({
      port: idpPort, certFile: ca.certFile, keyFile: ca.keyFile,
      clients: [{ client_id: 'vicos', client_secret: 'vicos-test-secret', redirect_uris: [`${vicos}/api/oidc/callback`] }],
    });
    writeFileSync(join(dir, 'vicos.toml'), [
      '[oidc]',
      `issuer = "${idp.issuer}"`,
      'client_id = "vicos"',
      'client_secret = "vicos-test-secret"',
      `public_origin = "${vicos}"`,
      `provider_name = "${providerName}"`,
      'scopes = ["openid", "profile", "groups"]',
      'organizer_claim = "groups"',
      'organizer_values = ["teachers"]',
      `ca_file = "${ca.caFile}"`,
      '',
    ].join('\n'));
    server = spawn(/** @type {string} */ (binary), ['serve', '--turn-port', '0', '--config', join(dir, 'vicos.toml'), '--listen', '127.0.0.1',
      '--port', String(port), '--media-ip', '127.0.0.1', '--media-port', String(40400),
      '--data-dir', join(dir, 'data'), '--metrics-listen', ''], { stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout?.on('data', (d) => { serverOutput += d; });
    server.stderr?.on('data', (d) => { serverOutput += d; });
    // The server's own certificate is self-signed; only the provider's comes from the test CA.
    const healthy = () => new Promise((resolve) => {
      const req = get(`${vicos}/healthz`, { rejectUnauthorized: false, timeout: 1000 }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('error', () => resolve(false));
      req.on('timeout', () => { req.destroy(); resolve(false); });
    });
    // Its output is named when it does not come up (read at the failure, not before the wait).
    await waitFor(healthy, { message: 'the single sign-on server to start', timeout: 30_000 })
      .catch((/** @type {Error} */ e) => { throw new Error(`${e.message}; its output: ${serverOutput}`); });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await idp?.close();
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      const code = await new Promise((resolve) => server.on('exit', resolve));
      writeFileSync(serverLog, serverOutput);
      // A sanitizer build reports leaks and errors at exit.
      assert.equal(code, 0, `the server exited with ${code}:\n${serverOutput.slice(-3000)}`);
      assert.doesNotMatch(serverOutput, /ERROR: (Address|Leak)Sanitizer|runtime error:/);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Follows the login page's single sign-on link by keyboard and signs in at the provider.
   * @param {import('playwright-core').Page} page
   * @param {string} login a user of the test provider
   * @returns {Promise<string>} the callback URL the provider sent the browser to
   */
  async function signIn(page, login) {
    let callback = '';
    page.on('request', (request) => {
      if (request.url().startsWith(`${vicos}/api/oidc/callback`)) callback = request.url();
    });
    await page.goto(`${vicos}/login`);
    const link = page.getByRole('link', { name: ssoLink, exact: true });
    await link.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.origin === idp.issuer);
    await page.locator('input[name=login]').fill(login);
    await page.locator('input[name=password]').fill('any password');
    await page.locator('button[type=submit]').click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((url) => url.origin === vicos && !url.pathname.startsWith('/api/'));
    return callback;
  }

  /** @param {import('playwright-core').Page} page */
  const session = (page) => page.evaluate(async () => {
    const response = await fetch('/api/session');
    return { status: response.status, body: response.ok ? await response.json() : null };
  });

  /** @param {string} text */
  const logged = (text) => waitFor(() => serverOutput.includes(text), { message: `server log: ${text}`, timeout: 5_000 });

  test('the login page offers the provider, in English and German', async () => {
    const page = await newChromiumPage(browser);
    await page.goto(`${vicos}/login`);
    await page.getByRole('link', { name: ssoLink, exact: true }).waitFor();
    const german = await newChromiumPage(browser, { locale: 'de-DE' });
    await german.goto(`${vicos}/login`);
    await german.getByRole('link', { name: de['login.sso'].replace('{name}', providerName), exact: true }).waitFor();
    await page.context().close();
    await german.context().close();
  });

  test('an organizer signs in; replaying the callback logs nobody in', async () => {
    const page = await newChromiumPage(browser);
    const callback = await signIn(page, 'teacher');
    assert.equal(new URL(page.url()).pathname, '/');
    await page.getByText(en['login.logged-in-as'].replace('{name}', 'Tina Teacher'), { exact: true }).waitFor();
    const mine = await session(page);
    assert.equal(mine.status, 200);
    assert.equal(mine.body.name, 'Tina Teacher');
    assert.match(mine.body.login, /^sso-[0-9a-f]{24}$/, 'the login is a pseudonym, not the subject');
    teacherLogin = mine.body.login;
    assert.ok(callback.includes('code='), 'the provider sent a code to the callback');

    // Someone else with the callback URL (from a log or the history) and no state cookie.
    const thief = await newChromiumPage(browser);
    await thief.goto(callback);
    await thief.waitForURL(`${vicos}/login?sso-error=state`);
    await thief.getByText(en['login.sso-error.failed'], { exact: true }).waitFor();
    assert.equal((await session(thief)).status, 401);
    // Even with the state cookie copied too: the state and its nonce were used up.
    const state = new URL(callback).searchParams.get('state') ?? '';
    await thief.context().addCookies([{ name: 'vicos_sso', value: state, url: `${vicos}/api/oidc/`, secure: true }]);
    await thief.goto(callback);
    await thief.waitForURL(`${vicos}/login?sso-error=expired`);
    assert.equal((await session(thief)).status, 401);
    await logged('single sign-on refused: expired');
    await thief.context().close();
    await page.context().close();
  });

  test('a user without the organizer claim is refused', async () => {
    const page = await newChromiumPage(browser);
    await signIn(page, 'student');
    assert.equal(page.url(), `${vicos}/login?sso-error=not-organizer`);
    await page.getByText(en['login.sso-error.not-organizer'], { exact: true }).waitFor();
    assert.equal((await session(page)).status, 401);
    await page.context().close();
  });

  /** Each tampered ID token, signed again by the provider, and the reason the server logs. */
  const tampered = [
    ['a token for another client (wrong audience)', (/** @type {any} */ c) => ({ ...c, aud: 'other-client' }), 'wrong-audience'],
    ['a token from an earlier login (other nonce)', (/** @type {any} */ c) => ({ ...c, nonce: 'replayed-nonce' }), 'wrong-nonce'],
    ['an expired token', (/** @type {any} */ c) => ({ ...c, iat: c.iat - 7200, exp: c.iat - 3600 }), 'expired'],
    ['a token from another issuer', (/** @type {any} */ c) => ({ ...c, iss: 'https://127.0.0.1:1' }), 'wrong-issuer'],
  ];
  for (const [what, change, reason] of tampered) {
    test(`${what} is refused`, async () => {
      idp.setTamper(/** @type {any} */ (change));
      try {
        const page = await newChromiumPage(browser);
        await signIn(page, 'teacher');
        assert.equal(page.url(), `${vicos}/login?sso-error=token-invalid`);
        assert.equal((await session(page)).status, 401);
        await logged(`the ID token was refused: ${reason}`);
        await page.context().close();
      } finally {
        idp.setTamper(null);
      }
    });
  }

  test('a token signed with a key the provider never published is refused', async () => {
    idp.setWrongKey(true);
    try {
      const page = await newChromiumPage(browser);
      await signIn(page, 'teacher');
      assert.equal(page.url(), `${vicos}/login?sso-error=token-invalid`);
      assert.equal((await session(page)).status, 401);
      await logged('the ID token was refused: bad-signature');
      await page.context().close();
    } finally {
      idp.setWrongKey(false);
    }
  });

  test('the account holds only issuer, subject and display name, and is exported like any (P30)', () => {
    assert.ok(teacherLogin !== '', 'the organizer test ran first');
    const out = execFileSync(/** @type {string} */ (binary), ['user', 'export', teacherLogin, '--data-dir', join(dir, 'data')],
      { encoding: 'utf8' });
    const exported = JSON.parse(out);
    assert.equal(exported.account.display_name, 'Tina Teacher');
    assert.equal(exported.account.password_hash, '!', 'no password');
    assert.deepEqual(exported.single_sign_on, { issuer: idp.issuer, subject: 'teacher' });
    // Nothing else of what the provider sent (groups) was kept or logged.
    assert.doesNotMatch(out, /teachers|staff/);
    assert.doesNotMatch(serverOutput, /teachers|Tina Teacher/);
  });
});
