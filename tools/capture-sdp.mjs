// Captures the SDP offers vicos sends and the answers real Chromium and Firefox ESR write, as
// test samples for src/sdp (src/sdp/testdata/). Run it like an e2e test, inside the namespace:
//   tests/e2e/run.sh build/debug/src/app/vicos tools/capture-sdp.mjs
import { writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { joinRoom, launchChromium, launchFirefox, newChromiumPage, waitFor } from '../tests/e2e/browsers.mjs';

const out = new URL('../src/sdp/testdata/', import.meta.url);

/** @param {any} page */
async function descriptions(page) {
  await waitFor(async () => page.evaluate(() => window.vicos?.pc?.signalingState === 'stable' &&
    window.vicos.pc.currentLocalDescription?.type === 'answer'), { message: 'an applied answer' });
  return page.evaluate(() => ({
    offer: window.vicos.pc.currentRemoteDescription.sdp,
    answer: window.vicos.pc.currentLocalDescription.sdp,
  }));
}

test('capture offers and answers', { timeout: 120_000 }, async () => {
  const chromium = await launchChromium();
  const firefox = await launchFirefox();
  try {
    const room = `capture-${Date.now()}`;
    const first = await newChromiumPage(chromium);
    await joinRoom(first, room, 'Ada');
    const alone = await descriptions(first);
    writeFileSync(new URL('chromium_offer.sdp', out), alone.offer);
    writeFileSync(new URL('chromium_answer.sdp', out), alone.answer);

    const second = await firefox.newPage();
    await joinRoom(second, room, 'Ben');
    await waitFor(async () => (await descriptions(second)).offer.includes('a=mid:3'), { message: 'downlinks' });
    const withDownlinks = await descriptions(second);
    writeFileSync(new URL('firefox_offer.sdp', out), withDownlinks.offer);
    writeFileSync(new URL('firefox_answer.sdp', out), withDownlinks.answer);
  } finally {
    await firefox.close();
    await chromium.close();
  }
});
