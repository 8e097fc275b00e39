// Real-browser test of polls (docs/protocol.md "Polls", docs/e2ee.md "Polls"): a moderator in Chromium asks an anonymous poll from the "More" menu, two Chromium and one Firefox participant vote, and every page shows the same tally while the poll is open and after the moderator closes it; a guest gets no close button and the server refuses the guest's own poll-close; the server relays no word of the poll.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  chooseFromMore, clickByRole, en, joinRoom, launchChromium, launchFirefox, newChromiumPage, roomName, sessionState, waitFor,
} from './browsers.mjs';

const kQuestion = 'Which day suits the workshop?';
const kAnswers = ['Monday', 'Tuesday', 'Wednesday'];

/**
 * Keeps what the page's signaling socket receives in `window.vicosReceived` and the socket in
 * `window.vicosSocket`, so that the test can send what the UI would not.
 * @param {import('playwright-core').Page} page
 */
async function recordSignaling(page) {
  await page.addInitScript(() => {
    const w = /** @type {any} */ (window);
    w.vicosReceived = [];
    const Original = WebSocket;
    w.WebSocket = class extends Original {
      /** @param {ConstructorParameters<typeof WebSocket>} args */
      constructor(...args) {
        super(...args);
        w.vicosSocket = this;
        this.addEventListener('message', (/** @type {MessageEvent} */ event) => {
          if (typeof event.data === 'string') w.vicosReceived.push(event.data);
        });
      }
    };
  });
}

/**
 * The counts each answer shows in the page's polls panel, by answer; the ballot total; whether open.
 * @param {any} page
 */
function pollShown(page) {
  return page.evaluate(() => {
    const item = document.querySelector('#poll-list .poll-item');
    if (!item) return null;
    const counts = [...item.querySelectorAll('.poll-result')].map((row) => Number(/** @type {HTMLElement} */ (row).dataset.count));
    return {
      id: /** @type {HTMLElement} */ (item).dataset.poll ?? '',
      question: item.querySelector('h3')?.textContent ?? '',
      counts,
      state: /** @type {HTMLElement} */ (item).dataset.state ?? '',
      canVote: item.querySelector('.poll-ballot') !== null,
      canClose: [...item.querySelectorAll('button')].some((b) => b.textContent === 'Close poll'),
    };
  });
}

/**
 * Waits until the page shows these counts (and state).
 * @param {any} page
 * @param {number[]} counts
 * @param {string} state
 * @param {string} who
 */
async function expectTally(page, counts, state, who) {
  await waitFor(async () => {
    const shown = await pollShown(page);
    return shown && JSON.stringify(shown.counts) === JSON.stringify(counts) && shown.state === state;
  }, { message: `${who} shows ${JSON.stringify(counts)} (${state})` });
}

/**
 * Opens the polls panel and votes for one answer, as a person would (either driver).
 * @param {any} page
 * @param {string} answer
 */
async function vote(page, answer) {
  if (await page.evaluate(() => document.getElementById('polls-panel')?.hidden)) await chooseFromMore(page, 'menuitem', en['poll.button']);
  await clickByRole(page, 'radio', answer);
  await clickByRole(page, 'button', en['poll.vote-label'].replace('{question}', kQuestion));
}

describe('an anonymous poll with three voters in Chromium and Firefox', { timeout: 240_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let chromium;
  /** @type {any} */
  let firefox;
  /** @type {import('playwright-core').Page} */
  let ada;
  /** @type {import('playwright-core').Page} */
  let ben;
  /** @type {any} */
  let cleo;
  const room = roomName('polls');

  before(async () => {
    chromium = await launchChromium();
    firefox = await launchFirefox();
    ada = await newChromiumPage(chromium);
    ben = await newChromiumPage(chromium);
    await recordSignaling(ada);
    await recordSignaling(ben);
    cleo = await firefox.newPage();
    await joinRoom(ada, room, 'Ada', { camera: false, mic: false });
    await joinRoom(ben, room, 'Ben', { camera: false, mic: false });
    await joinRoom(cleo, room, 'Cleo', { camera: false, mic: false });
    assert.equal((await sessionState(ada)).role, 'moderator');
    assert.equal((await sessionState(ben)).role, 'guest');
    // Everyone holds everyone's key before the poll is asked.
    for (const page of [ada, ben, cleo]) {
      await waitFor(async () => {
        const s = await sessionState(page);
        return s.participants.length === 2 && /** @type {any} */ (s).e2ee?.verified;
      }, { message: 'keys verified', timeout: 40_000 });
    }
  });

  after(async () => {
    await chromium?.close();
    await firefox?.close();
  });

  test('a guest may not ask a poll by default: the panel says so and shows no form', async () => {
    await chooseFromMore(ben, 'menuitem', en['poll.button']);
    assert.equal(await ben.locator('#poll-form').isHidden(), true);
    assert.equal(await ben.locator('#poll-not-allowed').isVisible(), true);
  });

  test('the moderator asks from the keyboard-reachable "More" menu; every page shows the poll', async () => {
    await chooseFromMore(ada, 'menuitem', en['poll.button']);
    await ada.getByRole('textbox', { name: en['poll.question'], exact: true }).fill(kQuestion);
    await ada.getByRole('textbox', { name: en['poll.answer-label'].replace('{number}', '1'), exact: true }).fill(kAnswers[0]);
    await ada.getByRole('textbox', { name: en['poll.answer-label'].replace('{number}', '2'), exact: true }).fill(kAnswers[1]);
    await clickByRole(ada, 'button', en['poll.add-answer']);
    await ada.getByRole('textbox', { name: en['poll.answer-label'].replace('{number}', '3'), exact: true }).fill(kAnswers[2]);
    await ada.getByRole('checkbox', { name: en['poll.anonymous'], exact: true }).check();
    await clickByRole(ada, 'button', en['poll.ask']);
    for (const [page, who] of /** @type {[any, string][]} */ ([[ada, 'Ada'], [ben, 'Ben'], [cleo, 'Cleo']])) {
      await expectTally(page, [0, 0, 0], 'open', who);
      assert.equal((await pollShown(page))?.question, kQuestion);
    }
    // Announced to screen readers at the others.
    await waitFor(async () => (await ben.locator('#announcer').textContent())?.includes(kQuestion), { message: "Ben's live region" });
  });

  test('three votes show the same live tally everywhere, without names', async () => {
    await vote(ada, 'Monday');
    await expectTally(cleo, [1, 0, 0], 'open', 'Cleo');
    await vote(ben, 'Tuesday');
    await vote(cleo, 'Tuesday');
    for (const [page, who] of /** @type {[any, string][]} */ ([[ada, 'Ada'], [ben, 'Ben'], [cleo, 'Cleo']])) {
      await expectTally(page, [1, 2, 0], 'open', who);
    }
    // Ben changes his mind: his ballot is replaced, not added.
    await vote(ben, 'Wednesday');
    for (const [page, who] of /** @type {[any, string][]} */ ([[ada, 'Ada'], [ben, 'Ben'], [cleo, 'Cleo']])) {
      await expectTally(page, [1, 1, 1], 'open', who);
    }
    const relayed = await ben.evaluate(() => /** @type {string[]} */ (/** @type {any} */ (window).vicosReceived)
      .map((text) => JSON.parse(text)).filter((m) => m.type === 'poll-vote'));
    assert.equal(relayed.length, 4);
    assert.ok(relayed.every((m) => m.from === undefined), 'anonymous ballots carry no voter id');
  });

  test('a guest cannot close the moderator\'s poll: no button, and the server refuses it', async () => {
    const shown = await pollShown(ben);
    assert.equal(shown?.canClose, false);
    assert.equal((await pollShown(ada))?.canClose, true);
    await ben.evaluate((poll) => /** @type {any} */ (window).vicosSocket.send(JSON.stringify({ type: 'poll-close', poll })), shown?.id);
    await waitFor(() => ben.evaluate(() => /** @type {string[]} */ (/** @type {any} */ (window).vicosReceived)
      .some((text) => text.includes('"not-allowed"') && text.includes('"poll-close"'))), { message: 'not-allowed for poll-close' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const page of [ada, ben, cleo]) assert.equal((await pollShown(page))?.state, 'open');
  });

  test('the moderator closes it; everyone keeps the final tally and can vote no more', async () => {
    await clickByRole(ada, 'button', en['poll.close-label'].replace('{question}', kQuestion));
    for (const [page, who] of /** @type {[any, string][]} */ ([[ada, 'Ada'], [ben, 'Ben'], [cleo, 'Cleo']])) {
      await expectTally(page, [1, 1, 1], 'closed', who);
      assert.equal((await pollShown(page))?.canVote, false);
    }
    await waitFor(async () => (await ben.locator('#announcer').textContent())?.includes('Poll closed'), { message: 'closing announced' });
  });

  test('the server relayed no word of the question, answers or votes', async () => {
    const all = (await ada.evaluate(() => /** @type {string[]} */ (/** @type {any} */ (window).vicosReceived))).join('\n');
    assert.ok(all.includes('"poll-closed"'), 'frames captured');
    for (const plain of ['workshop', ...kAnswers]) assert.ok(!all.includes(plain), `the server never relays "${plain}"`);
  });
});
