// Real-browser moderation in an open room (the first to join moderates): mute with unmuting reserved to moderators, so that the muted participant's audio stops arriving at the others; lower hands; chat reserved to moderators; remove; end the meeting for all.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  chatItems, clickByRole, en, inboundStats, joinEveryone, launchChromium, sendChat, sessionState, waitFor, roomName,
} from './browsers.mjs';

/**
 * @param {string} key
 * @param {string} name
 */
function label(key, name) {
  return en[key].replace('{name}', name);
}

/**
 * Opens the participants panel if needed, then the moderator menu of `name`, and picks an action.
 * @param {import('playwright-core').Page} page
 * @param {string} name
 * @param {string} actionKey e.g. 'moderation.mute-label'
 */
async function moderate(page, name, actionKey) {
  if (await page.locator('#people-panel').isHidden()) await page.locator('#meeting-people').click();
  await clickByRole(page, 'button', label('moderation.menu', name));
  await clickByRole(page, 'button', label(actionKey, name));
}

/**
 * Audio packets `page` has received from `id`, sampled twice `ms` apart.
 * @param {import('playwright-core').Page} page
 * @param {string} id
 * @param {number} ms
 */
async function audioGrowth(page, id, ms) {
  const first = (await inboundStats(page))[id]?.audioPackets ?? 0;
  await new Promise((resolve) => setTimeout(resolve, ms));
  const second = (await inboundStats(page))[id]?.audioPackets ?? 0;
  return second - first;
}

/**
 * Waits for the page to show the "left" screen and returns its reason text.
 * @param {import('playwright-core').Page} page
 */
async function leftReason(page) {
  await waitFor(() => page.evaluate(() => document.body.dataset.screen === 'left'), { message: 'left screen' });
  return (await page.locator('#left-reason').textContent()) ?? '';
}

describe('moderation between three Chromium participants', { timeout: 180_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  const room = roomName('moderation');
  const names = ['Mona', 'Ann', 'Ben'];
  /** @type {import('playwright-core').Page[]} */
  const pages = [];
  /** @type {string[]} */
  const ids = [];

  before(async () => {
    browser = await launchChromium();
    const joined = await joinEveryone(browser, room, names, (name) => ({ camera: false, mic: name === 'Ann' }));
    pages.push(...joined.pages);
    ids.push(...joined.ids);
    assert.equal((await sessionState(pages[0])).role, 'moderator');
    assert.equal((await sessionState(pages[1])).role, 'guest');
  });

  after(async () => {
    await browser?.close();
  });

  test('a participant sees no moderator tools', async () => {
    const ben = pages[2];
    await ben.locator('#meeting-people').click();
    assert.equal(await ben.locator('.moderation-tools').isHidden(), true);
    assert.equal(await ben.getByRole('button', { name: label('moderation.menu', 'Ann'), exact: true }).count(), 0);
    await ben.locator('#meeting-people').click();
  });

  test('the moderator mutes Ann: her audio stops arriving and she may not unmute', async () => {
    const [mona, ann, ben] = pages;
    const annId = ids[1];
    await waitFor(async () => (await audioGrowth(ben, annId, 500)) > 5, { message: "Ann's audio arrives at Ben" });
    // Only moderators may unmute someone a moderator muted.
    await mona.locator('#meeting-people').click();
    await mona.getByRole('combobox', { name: en['moderation.who-may-unmute'], exact: true })
      .selectOption({ label: en['moderation.audience-moderators'] });
    // The server handles Mona's messages in order: the setting holds before the mute.
    await moderate(mona, 'Ann', 'moderation.mute-label');

    await waitFor(async () => (await ann.locator('#meeting-mic').getAttribute('aria-pressed')) === 'false',
      { message: "Ann's microphone goes off" });
    assert.equal(await ann.locator('#meeting-alert-text').textContent(), en['error.muted-by-moderator']);
    await waitFor(() => ann.locator('#meeting-mic').isDisabled(), { message: "Ann's microphone button is disabled" });
    await ann.locator('#meeting-people').click();
    assert.ok((await ann.locator('#people-list .person-note').allTextContents()).includes(en['moderation.you-muted-locked']));
    await ann.locator('#meeting-people').click();
    // After packets in flight have arrived, nothing more comes from her.
    await waitFor(async () => (await audioGrowth(ben, annId, 1000)) === 0, { message: "Ann's audio stops arriving" });
    assert.equal(await audioGrowth(mona, annId, 1500), 0);
    // Everyone sees who is muted by a moderator.
    await ben.locator('#meeting-people').click();
    await waitFor(async () => (await ben.locator('#people-list .person-note').allTextContents())
      .includes(en['moderation.muted-by-moderator']), { message: 'Ben sees that Ann was muted' });
    await ben.locator('#meeting-people').click();
  });

  test('the moderator lowers Ben\'s hand, then everyone\'s', async () => {
    const [mona, ann, ben] = pages;
    await ben.locator('#meeting-hand').click();
    await waitFor(async () => (await ben.locator('#meeting-hand').getAttribute('aria-pressed')) === 'true', { message: 'Ben raised' });
    await ann.locator('#meeting-hand').click();
    await waitFor(async () => (await ann.locator('#meeting-hand').getAttribute('aria-pressed')) === 'true', { message: 'Ann raised' });
    await moderate(mona, 'Ben', 'moderation.lower-hand-label');
    await waitFor(async () => (await ben.locator('#meeting-hand').getAttribute('aria-pressed')) === 'false', { message: "Ben's hand down" });
    // Ann moves up to the first place.
    await waitFor(() => mona.evaluate((/** @type {string} */ id) => /** @type {any} */ (window).vicos.state.participants
      .find((/** @type {any} */ p) => p.id === id)?.hand === 1, ids[1]), { message: 'Ann first' });
    await clickByRole(mona, 'button', en['moderation.lower-hands']);
    await waitFor(async () => (await ann.locator('#meeting-hand').getAttribute('aria-pressed')) === 'false', { message: "Ann's hand down" });
  });

  test('only moderators chat when the moderator says so; private messages to a moderator still go', async () => {
    const [mona, ann, ben] = pages;
    if (await mona.locator('#people-panel').isHidden()) await mona.locator('#meeting-people').click();
    await mona.getByRole('combobox', { name: en['moderation.who-may-chat'], exact: true })
      .selectOption({ label: en['moderation.audience-moderators'] });
    await ben.locator('#meeting-chat').click();
    await waitFor(() => ben.locator('#chat-input').isDisabled(), { message: "Ben's chat input disabled" });
    assert.equal(await ben.locator('#chat-restricted').textContent(), en['chat.restricted']);
    assert.equal(await ben.locator('#chat-restricted').isVisible(), true);
    // Writing privately to the moderator is still possible.
    await sendChat(ben, 'Darf ich etwas fragen?', 'Mona');
    await waitFor(async () => (await chatItems(mona)).some((m) => m.text === 'Darf ich etwas fragen?' && m.private),
      { message: 'Mona gets the private message' });
    await ben.getByRole('combobox', { name: en['chat.to-label'], exact: true }).selectOption({ label: en['chat.to-everyone'] });
    assert.equal(await ben.locator('#chat-input').isDisabled(), true);
    // The moderator still writes to everyone; Ann, not a moderator, is restricted too.
    await sendChat(mona, 'Gleich geht es weiter', en['chat.to-everyone']);
    await waitFor(async () => (await chatItems(ann)).some((m) => m.text === 'Gleich geht es weiter'), { message: 'Ann reads Mona' });
    await ann.locator('#meeting-chat').click();
    await waitFor(() => ann.locator('#chat-input').isDisabled(), { message: "Ann's chat input disabled" });
    assert.ok(!(await chatItems(ann)).some((m) => m.text === 'Darf ich etwas fragen?'), 'the private message stayed private');
    // Back to everyone.
    if (await mona.locator('#people-panel').isHidden()) await mona.locator('#meeting-people').click();
    await mona.getByRole('combobox', { name: en['moderation.who-may-chat'], exact: true })
      .selectOption({ label: en['moderation.audience-everyone'] });
    await waitFor(async () => !(await ben.locator('#chat-input').isDisabled()), { message: "Ben's chat input enabled again" });
    assert.equal(await ben.locator('#chat-restricted').isHidden(), true);
    await ben.locator('#meeting-chat').click();
    await ann.locator('#meeting-chat').click();
  });

  test('the moderator removes Ben, who lands on the left screen and is gone for the others', async () => {
    const [mona, ann, ben] = pages;
    await moderate(mona, 'Ben', 'moderation.remove-label');
    assert.equal(await leftReason(ben), en['error.removed']);
    assert.equal(await ben.getByRole('button', { name: en['left.rejoin'], exact: true }).count(), 0);
    for (const page of [mona, ann]) {
      await waitFor(() => page.evaluate((/** @type {string} */ id) =>
        !(/** @type {any} */ (window).vicos.state.participants.some((/** @type {any} */ p) => p.id === id)), ids[2]),
      { message: 'Ben left the roster' });
    }
  });

  test('the moderator ends the meeting for everyone', async () => {
    const [mona, ann] = pages;
    mona.once('dialog', (dialog) => dialog.accept());
    if (await mona.locator('#people-panel').isHidden()) await mona.locator('#meeting-people').click();
    await clickByRole(mona, 'button', en['moderation.end-meeting']);
    assert.equal(await leftReason(ann), en['error.meeting-ended']);
    assert.equal(await leftReason(mona), en['error.meeting-ended']);
  });
});
