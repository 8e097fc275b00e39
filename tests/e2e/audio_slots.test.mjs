// Bounded audio in real browsers (issue 10 item 6, docs/protocol.md "Media model"): five in a room, four of them silent, each page hears the others through three audio slots; when Emil, who joined last, speaks, Ada hears him — by the key of each frame, which names him — although the three slots were taken before he came.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { inboundStats, joinRoom, launchChromium, newChromiumPage, roomName, sessionState, waitFor } from './browsers.mjs';

/**
 * A fake microphone file of 2 s: silence, or a loud 440 Hz tone.
 * @param {string} dir
 * @param {boolean} speaks
 */
function microphone(dir, speaks) {
  const file = join(dir, speaks ? 'tone.wav' : 'silence.wav');
  const source = speaks ? 'sine=frequency=440:sample_rate=48000' : 'anullsrc=r=48000:cl=mono';
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', source, '-t', '2', file]);
  return `--use-file-for-fake-audio-capture=${file}`;
}

describe('five in a room hear each other through three audio slots', { timeout: 180_000 }, () => {
  /** @type {import('playwright-core').Browser[]} */
  const browsers = [];
  const dir = mkdtempSync(join(tmpdir(), 'vicos-slots-'));

  before(async () => {
    browsers.push(await launchChromium({ args: [microphone(dir, false)] }));
    browsers.push(await launchChromium({ args: [microphone(dir, true)] }));
  });
  after(async () => {
    for (const browser of browsers) await browser.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the one who speaks is heard, whoever took the slots first', async (t) => {
    const room = roomName('slots');
    /** @type {Record<string, any>} */
    const pages = {};
    /** @type {Record<string, string>} */
    const ids = {};
    for (const name of ['Ada', 'Ben', 'Cid', 'Dora', 'Emil']) {
      pages[name] = await newChromiumPage(browsers[name === 'Emil' ? 1 : 0]);
      ids[name] = await joinRoom(pages[name], room, name, { camera: false });
    }
    await waitFor(async () => (await sessionState(pages.Ada)).participants.length === 4, { message: 'five in the roster' });
    // Ada's offer: her microphone's uplink and three audio slots, none naming anyone.
    await waitFor(async () => {
      const streams = (await sessionState(pages.Ada)).streams;
      return streams.filter((/** @type {any} */ s) => s.kind === 'audio').length === 3;
    }, { message: 'three audio slots at Ada' });
    const slots = (await sessionState(pages.Ada)).streams.filter((/** @type {any} */ s) => s.kind === 'audio');
    assert.ok(slots.every((/** @type {any} */ s) => s.participant === ''), 'a slot names nobody');
    // Emil speaks: his frames reach Ada and keep coming, named by their keys.
    await waitFor(async () => ((await inboundStats(pages.Ada))[ids.Emil]?.audioPackets ?? 0) > 50,
      { timeout: 30_000, message: 'Ada hears Emil' });
    // Over two seconds: Emil's frames keep coming, and Ada hears at most three others at once
    // (the silent ones keep sending; one of them lost its slot to Emil).
    const others = ['Ben', 'Cid', 'Dora', 'Emil'];
    const before = await inboundStats(pages.Ada);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const after = await inboundStats(pages.Ada);
    const grew = Object.fromEntries(others.map((name) =>
      [name, (after[ids[name]]?.audioPackets ?? 0) - (before[ids[name]]?.audioPackets ?? 0)]));
    t.diagnostic(`Ada's audio frames by sender in 2 s: ${JSON.stringify(grew)}`);
    assert.ok(grew.Emil > 50, 'Emil stays in a slot while he speaks');
    assert.ok(others.filter((name) => grew[name] > 0).length <= 3, 'three slots, three voices at most');
    const stats = await pages.Ada.evaluate(() => /** @type {any} */ (window).vicos.e2eeStats());
    assert.equal(stats.wrongSender, 0);
  });
});
