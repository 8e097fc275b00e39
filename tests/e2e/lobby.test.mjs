// Who gets in, in real Chromium on the server with `rooms.policy = organizer`: the organizer logs in through the login page, a guest waits until the organizer joins, roles show in the participants panel; lobby admit and deny, a locked room, the meeting PIN; and, with raw sockets against the real server, the caps at the door (docs/security.md "The door").

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import {
  baseUrl, clickByRole, en, fillByRole, launchChromium, launchFirefox, newChromiumPage, sessionState, waitFor, roomName,
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
  const page = await organizerPage(browser);
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

/**
 * Opens raw signaling sockets from `page` (a guest's, or a logged-in organizer's whose cookie
 * the upgrade carries), each sending `join` for `room` as `name i`, and waits for each first
 * answer. What every socket receives stays in `window.raw[index]`.
 * @param {import('playwright-core').Page} page
 * @param {{room: string, name: string, count?: number, url?: string}} options
 * @returns {Promise<{index: number, first: any}[]>}
 */
function rawJoins(page, { room, name, count = 1, url = orgUrl }) {
  return page.evaluate(([wsUrl, r, n, c]) => {
    const w = /** @type {any} */ (window);
    w.raw ??= [];
    return Promise.all(Array.from({ length: c }, (_, i) => new Promise((resolve) => {
      const index = w.raw.length;
      const entry = { socket: new WebSocket(wsUrl), got: /** @type {any[]} */ ([]), closed: false };
      w.raw.push(entry);
      entry.socket.onmessage = (/** @type {MessageEvent} */ e) => {
        entry.got.push(JSON.parse(e.data));
        if (entry.got.length === 1) resolve({ index, first: entry.got[0] });
      };
      entry.socket.onclose = () => { entry.closed = true; resolve({ index, first: null }); };
      entry.socket.onopen = () => entry.socket.send(JSON.stringify({ type: 'join', version: 1, room: r, name: `${n} ${i}` }));
    })));
  }, /** @type {const} */ ([`${url.replace('https:', 'wss:')}/ws`, room, name, count]));
}

/**
 * Sends a message on raw socket `index` of `page`, or closes it (`null`).
 * @param {import('playwright-core').Page} page
 * @param {number} index
 * @param {object | null} message
 */
function rawSend(page, index, message) {
  return page.evaluate(([i, m]) => {
    const entry = /** @type {any} */ (window).raw[i];
    if (m) entry.socket.send(JSON.stringify(m));
    else entry.socket.close();
  }, /** @type {const} */ ([index, message]));
}

/**
 * Everything raw socket `index` of `page` received, and whether it closed.
 * @param {import('playwright-core').Page} page
 * @param {number} index
 * @returns {Promise<{got: any[], closed: boolean}>}
 */
function rawState(page, index) {
  return page.evaluate((i) => {
    const entry = /** @type {any} */ (window).raw[i];
    return { got: entry.got, closed: entry.closed };
  }, index);
}

/**
 * A page on the organizer-policy server, logged in as the organizer over the API, in no room yet.
 * @param {import('playwright-core').Browser} browser
 */
async function organizerPage(browser) {
  const page = await newChromiumPage(browser);
  await page.goto(`${orgUrl}/`);
  const status = await page.evaluate(async ([l, p]) => (await fetch('/api/login', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: l, password: p }),
  })).status, [login, password]);
  assert.equal(status, 200);
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

  test('squatters fill only the waiting list: the organizer still gets in', async () => {
    const room = roomName('squat');
    const squatter = await newChromiumPage(browser);
    await squatter.goto(`${orgUrl}/`);
    const answers = await rawJoins(squatter, { room, name: 'Squatter', count: 50 });
    const waiting = answers.filter((a) => a.first?.type === 'waiting');
    const refused = answers.filter((a) => a.first?.type === 'error');
    assert.equal(waiting.length, 20, 'rooms.max_waiting');
    assert.equal(refused.length, 50 - waiting.length);
    for (const a of refused) assert.equal(a.first.code, 'waiting-full');

    const organizer = await organizerPage(browser);
    const [mine] = await rawJoins(organizer, { room, name: 'Olga' });
    assert.equal(mine.first?.type, 'joined', JSON.stringify(mine.first));
    assert.equal(mine.first.role, 'moderator');
    for (const page of [squatter, organizer]) await page.context().close();
  });

  test('moderators see who waits for the PIN and turn them away; the lock holds against a late right PIN', async () => {
    const room = roomName('pinwait');
    const mod = await moderatorIn(browser, room);
    await mod.getByRole('textbox', { name: en['door.pin-label'], exact: true }).fill('4711');
    await clickByRole(mod, 'button', en['door.pin-set']);
    await mod.getByText(en['door.pin-on'], { exact: true }).waitFor();

    const guests = await newChromiumPage(browser);
    await guests.goto(`${orgUrl}/`);
    const [first, second] = await rawJoins(guests, { room, name: 'Pin Waiter', count: 2 });
    assert.equal(first.first.reason, 'pin');
    assert.equal(second.first.reason, 'pin');
    const names = ['Pin Waiter 0', 'Pin Waiter 1'].map((n) => en['door.plain-name'].replace('{name}', n));
    await mod.getByRole('heading', { name: en['door.waiting-for-pin'], exact: true }).waitFor();
    for (const n of names) await mod.getByRole('button', { name: en['door.deny-name'].replace('{name}', n), exact: true }).waitFor();

    // Turned away by the moderator, through the participants panel.
    const denied = (await rawState(guests, first.index)).got.length === 1 ? first : second;
    const deniedName = denied === first ? names[0] : names[1];
    await mod.getByRole('button', { name: en['door.deny-name'].replace('{name}', deniedName), exact: true }).click();
    const gone = await waitFor(async () => {
      const state = await rawState(guests, denied.index);
      return state.closed ? state : null;
    }, { message: 'the denied socket closes' });
    assert.ok(gone.got.some((m) => m.type === 'error' && m.code === 'denied'));

    // The lock applies to whoever is not yet in, also to a right PIN given after it.
    const late = denied === first ? second : first;
    const lateName = denied === first ? names[1] : names[0];
    await mod.getByRole('checkbox', { name: en['door.locked'], exact: true }).check();
    await waitFor(async () => (await mod.getByRole('checkbox', { name: en['door.locked'], exact: true }).isChecked()), { message: 'locked' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await rawSend(guests, late.index, { type: 'pin', pin: '4711' });
    const after = await waitFor(async () => {
      const { got } = await rawState(guests, late.index);
      return got.length > 1 ? got : null;
    }, { message: 'an answer to the late PIN' });
    assert.ok(!after.some((m) => m.type === 'joined'), 'not let in while locked');
    assert.ok(after.some((m) => m.type === 'waiting' && m.reason === 'lobby'), 'knocks instead');
    await mod.getByRole('button', { name: en['door.admit-name'].replace('{name}', lateName), exact: true }).waitFor();
    assert.equal((await sessionState(mod)).participants.length, 0);
    for (const page of [mod, guests]) await page.context().close();
  });

  test('a socket that drops before its media connects leaves at once', async () => {
    const room = roomName('drop');
    const page = await newChromiumPage(browser);
    await page.goto(`${baseUrl}/`);
    const [dropped] = await rawJoins(page, { room, name: 'Dropper', url: baseUrl });
    assert.equal(dropped.first.type, 'joined');
    await rawSend(page, dropped.index, null);
    await waitFor(async () => (await rawState(page, dropped.index)).closed, { message: 'closed' });
    // In an open room the first person leads: the newcomer does only if nobody stayed behind.
    const role = await waitFor(async () => {
      const [next] = await rawJoins(page, { room, name: 'Next', url: baseUrl });
      await rawSend(page, next.index, { type: 'leave' });
      return next.first.role === 'moderator' ? next.first.role : null;
    }, { timeout: 5_000, message: 'an empty room' });
    assert.equal(role, 'moderator');
    await page.context().close();
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
