// Who gets in, in real Chromium on the server with `rooms.policy = organizer`: the organizer logs in through the login page, a guest waits until the organizer joins, roles show in the participants panel; lobby admit and deny, a locked room, the meeting PIN.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import {
  clickByRole, en, fillByRole, launchChromium, launchFirefox, newChromiumPage, sessionState, waitFor, roomName,
} from './browsers.mjs';

const orgUrl = (process.env.VICOS_ORGANIZER_URL ?? 'https://127.0.0.1:8444').replace(/\/+$/, '');
const login = process.env.VICOS_ORGANIZER_LOGIN ?? 'organizer';
const password = process.env.VICOS_ORGANIZER_PASSWORD ?? '';

/**
 * The meeting link on the organizer-policy server, with a fixed secret per room name.
 * @param {string} room
 */
function link(room) {
  const secret = createHash('sha256').update(`vicos-e2e-link:${room}`).digest().subarray(0, 16);
  return `${orgUrl}/${room}#k=${secret.toString('base64url')}`;
}

/**
 * Types the name on the pre-join screen and clicks Join, without waiting for the meeting.
 * @param {import('playwright-core').Page} page
 * @param {string} name
 */
async function clickJoin(page, name) {
  await fillByRole(page, en['prejoin.name-label'], name);
  await clickByRole(page, 'button', en['prejoin.join']);
}

/**
 * @param {import('playwright-core').Page} page
 * @param {string} phase
 * @param {string} who
 */
function waitForPhase(page, phase, who) {
  return waitFor(async () => {
    const s = await sessionState(page);
    return s.phase === phase ? s : null;
  }, { message: `${who} ${phase}` });
}

/**
 * A logged-in organizer (over the API, in the page's own context) who joins the room and becomes
 * its moderator, with the participants panel open.
 * @param {import('playwright-core').Browser} browser
 * @param {string} room
 */
async function moderatorIn(browser, room) {
  const page = await newChromiumPage(browser);
  await page.goto(`${orgUrl}/`);
  const status = await page.evaluate(async ([l, p]) => (await fetch('/api/login', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: l, password: p }),
  })).status, [login, password]);
  assert.equal(status, 200);
  await page.goto(link(room));
  await clickJoin(page, 'Olga');
  const joined = await waitForPhase(page, 'joined', 'moderator');
  assert.equal(/** @type {any} */ (joined).role, 'moderator');
  await page.locator('#meeting-people').click();
  await page.getByRole('heading', { name: en['door.heading'], exact: true }).waitFor();
  return page;
}

/**
 * A guest who opens the link and clicks Join.
 * @param {import('playwright-core').Browser} browser
 * @param {string} room
 * @param {string} name
 */
async function guestAt(browser, room, name) {
  const page = await newChromiumPage(browser);
  await page.goto(link(room));
  await clickJoin(page, name);
  return page;
}

describe('who gets in: organizer policy, lobby, lock and PIN', { timeout: 180_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  before(async () => {
    assert.ok(password !== '', 'run.sh exports VICOS_ORGANIZER_PASSWORD');
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  test('a guest waits until the organizer, logged in through the login page, joins', async () => {
    const room = roomName('org');
    const guest = await newChromiumPage(browser);
    await guest.goto(link(room));
    await clickJoin(guest, 'Gina Guest');
    const waiting = await waitForPhase(guest, 'waiting', 'guest');
    assert.match(waiting.self, /^[0-9a-f]{16}$/);
    await guest.getByRole('heading', { name: en['waiting.heading'], exact: true }).waitFor();
    await guest.getByText(en['waiting.organizer'], { exact: true }).waitFor();

    const organizer = await newChromiumPage(browser);
    await organizer.goto(link(room));
    await organizer.getByRole('link', { name: en['login.link-organizer'], exact: true }).click();
    await organizer.getByRole('heading', { name: en['login.heading'], exact: true }).waitFor();
    assert.equal(new URL(organizer.url()).pathname, '/login');
    assert.equal(new URL(organizer.url()).hash, '', 'the secret does not travel with the login page');

    // A wrong password is refused with a clear text, and the page stays.
    await fillByRole(organizer, en['login.login-label'], login);
    await organizer.locator('#login-password').fill(`${password}-wrong`);
    await clickByRole(organizer, 'button', en['login.submit']);
    await organizer.getByText(en['login.wrong-credentials'], { exact: true }).waitFor();

    await organizer.locator('#login-password').fill(password);
    await clickByRole(organizer, 'button', en['login.submit']);
    // Back where the organizer came from: the room's pre-join screen, secret included.
    await organizer.getByRole('heading', { name: en['prejoin.heading'], exact: true }).waitFor();
    assert.equal(organizer.url(), link(room));
    assert.ok(await organizer.locator('#prejoin-login').isHidden(), 'no login offer once logged in');
    await clickJoin(organizer, 'Olga');
    const joined = await waitForPhase(organizer, 'joined', 'organizer');
    assert.equal(/** @type {any} */ (joined).role, 'moderator');

    const admitted = await waitForPhase(guest, 'joined', 'guest');
    assert.equal(admitted.self, waiting.self, 'the id from `waiting` is kept');
    assert.equal(/** @type {any} */ (admitted).role, 'guest');
    await waitFor(async () => (await sessionState(organizer)).participants.length === 1, { message: 'organizer sees the guest' });

    // Roles in the participants panel.
    await organizer.locator('#meeting-people').click();
    await organizer.locator('#people-list .person-role', { hasText: en['role.guest'] }).waitFor();
    await organizer.locator('#people-list .person-role', { hasText: en['role.moderator'] }).waitFor();

    await guest.context().close();
    await organizer.context().close();
  });

  test('a guest leaves from the waiting screen', async () => {
    const room = roomName('leave');
    const guest = await newChromiumPage(browser);
    await guest.goto(link(room));
    await clickJoin(guest, 'Walter');
    await waitForPhase(guest, 'waiting', 'guest');
    await clickByRole(guest, 'button', en['waiting.leave']);
    await guest.getByRole('heading', { name: en['left.heading'], exact: true }).waitFor();
    assert.equal((await sessionState(guest)).phase, 'idle');
    await guest.context().close();
  });

  test('lobby: a moderator admits one newcomer and denies another', async () => {
    const room = roomName('lobby');
    const mod = await moderatorIn(browser, room);
    await mod.getByRole('checkbox', { name: en['door.lobby'], exact: true }).check();

    const klaus = await guestAt(browser, room, 'Klaus Knock');
    await waitForPhase(klaus, 'waiting', 'Klaus');
    await klaus.getByText(en['waiting.lobby'], { exact: true }).waitFor();
    // The moderator's browser decrypted the knocking name with the link's secret.
    await mod.getByRole('button', { name: en['door.admit-name'].replace('{name}', 'Klaus Knock'), exact: true }).click();
    const admitted = await waitForPhase(klaus, 'joined', 'Klaus');
    assert.equal(/** @type {any} */ (admitted).role, 'guest');
    await waitFor(async () => (await sessionState(mod)).participants.length === 1, { message: 'moderator sees Klaus' });

    const dora = await guestAt(browser, room, 'Dora Deny');
    await waitForPhase(dora, 'waiting', 'Dora');
    await mod.getByRole('button', { name: en['door.deny-name'].replace('{name}', 'Dora Deny'), exact: true }).click();
    await dora.getByRole('heading', { name: en['left.heading'], exact: true }).waitFor();
    await dora.getByText(en['error.denied'], { exact: true }).waitFor();
    assert.equal((await sessionState(mod)).participants.length, 1, 'Dora never joined');

    for (const page of [mod, klaus, dora]) await page.context().close();
  });

  test('a locked room refuses a newcomer', async () => {
    const room = roomName('locked');
    const mod = await moderatorIn(browser, room);
    await mod.getByRole('checkbox', { name: en['door.locked'], exact: true }).check();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const guest = await guestAt(browser, room, 'Late Larry');
    await guest.getByText(en['error.room-locked'], { exact: true }).waitFor();
    assert.notEqual((await sessionState(guest)).phase, 'joined');
    assert.equal((await sessionState(mod)).participants.length, 0);
    for (const page of [mod, guest]) await page.context().close();
  });

  test('a wrong PIN, then the right one', async () => {
    const room = roomName('pin');
    const mod = await moderatorIn(browser, room);
    await mod.getByRole('textbox', { name: en['door.pin-label'], exact: true }).fill('4711');
    await clickByRole(mod, 'button', en['door.pin-set']);
    await mod.getByText(en['door.pin-on'], { exact: true }).waitFor();

    const guest = await guestAt(browser, room, 'Pia Pin');
    await waitForPhase(guest, 'waiting', 'Pia');
    await guest.getByText(en['waiting.pin'], { exact: true }).waitFor();
    await guest.locator('#waiting-pin').fill('0000');
    await clickByRole(guest, 'button', en['pin.submit']);
    await guest.getByText(en['pin.wrong-pin'], { exact: true }).waitFor();
    assert.equal((await sessionState(guest)).phase, 'waiting');
    await guest.locator('#waiting-pin').fill('4711');
    await clickByRole(guest, 'button', en['pin.submit']);
    await waitForPhase(guest, 'joined', 'Pia');
    const log = readFileSync(process.env.VICOS_ORGANIZER_SERVER_LOG ?? '/dev/null', 'utf8');
    assert.ok(!log.includes('4711'), 'the PIN is never logged');
    for (const page of [mod, guest]) await page.context().close();
  });

  test('Firefox: PIN prompt, then the lobby, then admitted by a Chromium moderator', async () => {
    const firefox = await launchFirefox();
    try {
      const room = roomName('firefox');
      const mod = await moderatorIn(browser, room);
      await mod.getByRole('textbox', { name: en['door.pin-label'], exact: true }).fill('20251');
      await clickByRole(mod, 'button', en['door.pin-set']);
      await mod.getByText(en['door.pin-on'], { exact: true }).waitFor();
      await mod.getByRole('checkbox', { name: en['door.lobby'], exact: true }).check();

      const guest = await firefox.newPage();
      await guest.goto(link(room));
      await fillByRole(guest, en['prejoin.name-label'], 'Fritz Fox');
      await clickByRole(guest, 'button', en['prejoin.join']);
      /** @param {string} id */
      const textOf = (id) => guest.evaluate((/** @type {string} */ i) => document.getElementById(i)?.textContent ?? '', id);
      await waitFor(async () => (await textOf('waiting-text')) === en['waiting.pin'], { message: 'Firefox asked for the PIN' });
      await guest.locator('#waiting-pin').fill('11111');
      await clickByRole(guest, 'button', en['pin.submit']);
      await waitFor(async () => (await textOf('waiting-pin-error')) === en['pin.wrong-pin'], { message: 'wrong PIN shown' });
      await guest.locator('#waiting-pin').fill('20251');
      await clickByRole(guest, 'button', en['pin.submit']);
      await waitFor(async () => (await textOf('waiting-text')) === en['waiting.lobby'], { message: 'Firefox knocking' });
      await mod.getByRole('button', { name: en['door.admit-name'].replace('{name}', 'Fritz Fox'), exact: true }).click();
      await waitFor(async () => (await sessionState(guest)).phase === 'joined', { message: 'Firefox admitted' });
      await mod.context().close();
    } finally {
      await firefox.close();
    }
  });

  test('the start page shows the logged-in organizer and logs out', async () => {
    const page = await newChromiumPage(browser);
    await page.goto(`${orgUrl}/login`);
    await fillByRole(page, en['login.login-label'], login);
    await page.locator('#login-password').fill(password);
    await clickByRole(page, 'button', en['login.submit']);
    await page.getByRole('heading', { name: en['start.heading'], exact: true }).waitFor();
    await page.getByText(en['login.logged-in-as'].replace('{name}', 'Olga Organizer'), { exact: true }).waitFor();
    await clickByRole(page, 'button', en['login.logout']);
    await page.getByRole('link', { name: en['login.link'], exact: true }).waitFor();
    const status = await page.evaluate(async () => (await fetch('/api/session')).status);
    assert.equal(status, 401);
    await page.context().close();
  });
});
