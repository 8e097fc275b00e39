// Two-factor login for organizers (P8) in real Chromium: an authenticator app (TOTP, the code
// computed here as RFC 6238 says) and a passkey on Chromium's virtual authenticator (DevTools
// WebAuthn.addVirtualAuthenticator), each enrolled on the second-factor screen and then used to
// log in; a wrong code is refused on the page.

import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { baseUrl, clickByRole, en, fillByRole, launchChromium, newChromiumPage } from './browsers.mjs';

const password = process.env.VICOS_ORGANIZER_PASSWORD ?? '';
// run.sh creates this account for this file only, so the factors added here reach no other test.
const login = 'second-factor';
// WebAuthn refuses IP addresses as relying party ids; Chromium resolves localhost itself.
const url = baseUrl.replace('127.0.0.1', 'localhost');

/**
 * RFC 6238 with HMAC-SHA-1, 30 s and 6 digits (RFC 4226 section 5.3 truncation).
 * @param {string} base32 the key as the page shows it
 * @param {number} step time step, floor(unix seconds / 30)
 */
function totp(base32, step) {
  let bits = '';
  for (const c of base32.replace(/\s/g, '')) bits += 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

const nowStep = () => Math.floor(Date.now() / 1000 / 30);

/** @param {import('playwright-core').Page} page */
async function passwordStep(page) {
  await page.goto(`${url}/login`);
  await fillByRole(page, en['login.login-label'], login);
  await page.locator('#login-password').fill(password);
  await clickByRole(page, 'button', en['login.submit']);
}

/** @param {import('playwright-core').Page} page */
async function openSecondFactorScreen(page) {
  await clickByRole(page, 'button', en['tf.link']);
  await page.getByRole('heading', { name: en['tf.heading'], level: 1, exact: true }).waitFor();
  await page.getByLabel(en['tf.password-label'], { exact: true }).fill(password);
}

/** @param {import('playwright-core').Page} page */
async function logOutAndBackToLogin(page) {
  await clickByRole(page, 'button', en['login.logout']);
  await page.getByRole('link', { name: en['login.link'], exact: true }).waitFor();
}

describe('two-factor login for organizers (P8)', { timeout: 120_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let page;
  let secret = '';

  before(async () => {
    browser = await launchChromium({ args: ['--ignore-certificate-errors'] });
    page = await newChromiumPage(browser);
  });

  after(async () => {
    await browser?.close();
  });

  test('an authenticator app is enrolled with the password and then asked for at login', async () => {
    await passwordStep(page);
    const loggedIn = page.getByText('Logged in as Toni Twofactor', { exact: true });
    await loggedIn.waitFor();
    await openSecondFactorScreen(page);
    await clickByRole(page, 'button', en['tf.add-totp']);
    const codeInput = page.getByLabel(en['tf.totp-code-label'], { exact: true });
    await codeInput.waitFor();  // shown once the server sent the key
    secret = (await page.locator('#tf-totp-secret').textContent()) ?? '';
    assert.match(secret.replace(/\s/g, ''), /^[A-Z2-7]{32}$/, 'a 160-bit key in base32');
    await codeInput.fill(totp(secret, nowStep()));
    await clickByRole(page, 'button', en['tf.totp-confirm']);
    await page.getByRole('heading', { name: en['tf.codes-heading'], exact: true }).waitFor();
    assert.equal(await page.locator('#tf-codes-list li').count(), 10, 'ten recovery codes, shown once');
    await clickByRole(page, 'button', en['tf.done']);
    await logOutAndBackToLogin(page);

    await passwordStep(page);
    await page.getByRole('heading', { name: en['login.second-heading'], exact: true }).waitFor();
    const session = await page.evaluate(async () => (await fetch('/api/session')).status);
    assert.equal(session, 401, 'no session after the password alone');
    const codeBox = page.getByLabel(en['login.code-label'], { exact: true });
    await codeBox.fill('000000');
    await codeBox.press('Enter');  // the keyboard submits the form
    await page.getByText(en['login.wrong-second-factor'], { exact: true }).waitFor();
    // The code typed at enrolment is used up; the next step's code is inside the window.
    await codeBox.fill(totp(secret, nowStep() + 1));
    await clickByRole(page, 'button', en['login.code-submit']);
    await loggedIn.waitFor();
  });

  test('a passkey from the virtual authenticator is enrolled and logs in', async () => {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true,
        isUserVerified: true, automaticPresenceSimulation: true },
    });
    await page.goto(`${url}/`);
    await openSecondFactorScreen(page);
    await clickByRole(page, 'button', en['tf.add-passkey']);
    await page.getByText(en['tf.added'], { exact: true }).waitFor();
    await page.getByRole('button', { name: en['tf.remove'].replace('{label}', 'Passkey'), exact: true }).waitFor();
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    assert.equal(credentials.length, 1);
    await clickByRole(page, 'button', en['tf.done']);
    await logOutAndBackToLogin(page);

    await passwordStep(page);
    const usePasskey = page.getByRole('button', { name: en['login.use-passkey'], exact: true });
    await usePasskey.waitFor();
    assert.ok(await usePasskey.evaluate((b) => b === document.activeElement), 'focus lands on the passkey button');
    await usePasskey.click();
    await page.getByText('Logged in as Toni Twofactor', { exact: true }).waitFor();
    const after = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    assert.ok(after.credentials[0].signCount >= 1, 'the authenticator signed the login');
    const factors = await page.evaluate(async () => (await fetch('/api/second-factors')).json());
    assert.deepEqual(factors.factors.map((/** @type {{kind: string}} */ f) => f.kind).sort(), ['passkey', 'totp']);
    assert.equal(factors.recoveryCodesLeft, 10);
  });
});
