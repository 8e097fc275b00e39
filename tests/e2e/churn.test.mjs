// Comings and goings: a newcomer's streams reuse the m-lines a departed participant left, so
// offers stay as long as the room is large, and the browser still decodes the newcomer.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { clickByRole, en, inboundStats, joinRoom, launchChromium, newChromiumPage, sessionState, waitFor } from './browsers.mjs';

describe('a participant leaves and another joins', { timeout: 120_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  const room = `churn-${randomBytes(6).toString('hex')}`;

  before(async () => {
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
  });

  /** @param {any} page */
  const transceiverCount = (page) => page.evaluate(() => /** @type {any} */ (window).vicos.pc.getTransceivers().length);

  test('the newcomer gets the departed participant\'s m-lines and is decoded', async () => {
    const ada = await newChromiumPage(browser);
    await joinRoom(ada, room, 'Ada');
    const ben = await newChromiumPage(browser);
    const benId = await joinRoom(ben, room, 'Ben');
    await waitFor(async () => (await inboundStats(ada))[benId]?.framesDecoded > 0, { message: 'Ada decodes Ben' });
    const before = await transceiverCount(ada);
    const benMids = (await sessionState(ada)).streams.filter((s) => s.participant === benId).map((s) => s.mid).sort();

    await clickByRole(ben, 'button', en['meeting.leave']);
    await waitFor(async () => (await sessionState(ada)).participants.length === 0, { message: 'Ben gone for Ada' });

    const cleo = await newChromiumPage(browser);
    const cleoId = await joinRoom(cleo, room, 'Cleo');
    await waitFor(async () => {
      const stats = await inboundStats(ada);
      return stats[cleoId]?.framesDecoded > 0 && stats[cleoId]?.audioPackets > 0;
    }, { message: 'Ada decodes and hears Cleo' });
    const cleoMids = (await sessionState(ada)).streams.filter((s) => s.participant === cleoId).map((s) => s.mid).sort();
    assert.deepEqual(cleoMids, benMids, 'Cleo\'s streams use the m-lines Ben left');
    assert.equal(await transceiverCount(ada), before, 'no m-line was added');
    const decoded = (await inboundStats(ada))[cleoId].framesDecoded;
    await waitFor(async () => (await inboundStats(ada))[cleoId].framesDecoded > decoded, { message: 'frames keep coming' });
  });
});
