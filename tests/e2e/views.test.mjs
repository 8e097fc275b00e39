// Twelve participants, each page showing four tiles (a phone-sized grid page): every page receives the video of exactly the participants its page shows, and turning the page moves what it receives (docs/protocol.md "view"; issue 10 item 4).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cameraVideos, clickByRole, en, joinRoom, launchChromium, newChromiumPage, roomName, sessionState, waitFor } from './browsers.mjs';

const kCount = 12;
// Narrower than 600 CSS pixels: the grid shows four tiles a page (web/js/ui/layout.js).
const kViewport = { width: 480, height: 640 };

/**
 * A small camera picture for twelve encoders on two cores: 160x120 at 10 frames/s, a bar that
 * moves so that every frame has something to encode (YUV4MPEG2, 4:2:0).
 * @param {string} path
 */
function writeSmallCamera(path) {
  const width = 160;
  const height = 120;
  const frames = [];
  for (let f = 0; f < 20; ++f) {
    const y = Buffer.alloc(width * height, 40);
    for (let row = 0; row < height; ++row) for (let x = f * 8; x < f * 8 + 16 && x < width; ++x) y[row * width + x] = 220;
    frames.push(Buffer.from('FRAME\n'), y, Buffer.alloc((width * height) / 2, 128));
  }
  writeFileSync(path, Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`), ...frames]));
}

/**
 * Per remote participant: camera bytes received so far.
 * @param {import('playwright-core').Page} page
 * @returns {Promise<Record<string, number>>}
 */
async function videoBytes(page) {
  return Object.fromEntries(Object.entries(await cameraVideos(page)).map(([id, v]) => [id, v.bytesReceived]));
}

/**
 * The remote participants whose tiles the page shows now.
 * @param {import('playwright-core').Page} page
 * @param {string} self
 */
async function shownTiles(page, self) {
  const ids = await page.evaluate(() => [...document.querySelectorAll('#grid > .tile')]
    .filter((tile) => /** @type {HTMLElement} */ (tile).offsetWidth > 0)
    .map((tile) => /** @type {HTMLElement} */ (tile).dataset.participant ?? ''));
  return ids.filter((id) => id !== self).sort();
}

/**
 * The participants whose video bytes grow on the page over three seconds.
 * @param {import('playwright-core').Page} page
 */
async function receivingFrom(page) {
  const before = await videoBytes(page);
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const now = await videoBytes(page);
  return Object.keys(now).filter((id) => now[id] > (before[id] ?? 0)).sort();
}

describe('twelve participants, four tiles a page', { timeout: 600_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  const dir = mkdtempSync(join(tmpdir(), 'vicos-views-'));
  /** @type {import('playwright-core').Page[]} */
  const pages = [];
  /** @type {string[]} */
  const ids = [];

  before(async () => {
    const camera = join(dir, 'small.y4m');
    writeSmallCamera(camera);
    browser = await launchChromium({ args: [`--use-file-for-fake-video-capture=${camera}`] });
    const room = roomName('twelve');
    for (let i = 0; i < kCount; ++i) {
      const page = await newChromiumPage(browser, { viewport: kViewport });
      pages.push(page);
      ids.push(await joinRoom(page, room, `P${i + 1}`, { mic: false }));
    }
    for (const page of pages) {
      await waitFor(async () => (await sessionState(page)).participants.length === kCount - 1,
        { message: `${kCount} participants in the roster`, timeout: 60_000 });
    }
  });

  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('each page receives exactly the videos on its grid page', async () => {
    for (let i = 0; i < kCount; ++i) {
      const shown = await shownTiles(pages[i], ids[i]);
      assert.equal(shown.length, 3, `P${i + 1}'s page shows itself and three others`);
      await waitFor(async () => JSON.stringify(await receivingFrom(pages[i])) === JSON.stringify(shown),
        { message: `P${i + 1} receives the video of ${shown.join(', ')} and no one else's`, timeout: 30_000 });
    }
  });

  test('turning the page moves what arrives to the tiles now shown', async () => {
    const page = pages[0];
    const first = await shownTiles(page, ids[0]);
    await clickByRole(page, 'button', en['layout.next']);
    const second = await shownTiles(page, ids[0]);
    assert.equal(second.length, 4, 'the second page shows four others');
    assert.ok(second.every((id) => !first.includes(id)));
    await waitFor(async () => JSON.stringify(await receivingFrom(page)) === JSON.stringify(second),
      { message: `P1 receives the second page's videos only`, timeout: 30_000 });
  });
});
