// Measures what the background effect (web/js/background/) costs in headless Chromium: milliseconds per segmentation mask and per composited frame at 640x360, for docs/performance.md. Not a test: it prints figures.
//
//   bash tests/e2e/run.sh build/asan/src/app/vicos bench/background_effect.mjs
// (run.sh gives it a server with the model embedded, in a loopback-only namespace.) The camera
// is tests/e2e/person_clip.sh's photograph at 30 frames per second; each mode runs for 15 s.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baseUrl, launchChromium, newChromiumPage } from '../tests/e2e/browsers.mjs';

const kSeconds = 15;
const dir = mkdtempSync(join(tmpdir(), 'vicos-bench-background-'));
const clip = join(dir, 'person.y4m');
execFileSync('bash', [new URL('../tests/e2e/person_clip.sh', import.meta.url).pathname, clip], { stdio: 'inherit' });
// The clip is made at 10 frames per second; 30 are what a camera gives.
execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', clip, '-r', '30', `${clip}.30.y4m`]);
const browser = await launchChromium({ args: [`--use-file-for-fake-video-capture=${clip}.30.y4m`] });
try {
  const page = await newChromiumPage(browser);
  await page.goto(`${baseUrl}/bench-background`);
  for (const mode of ['blur', 'slate']) {
    const figures = await page.evaluate(async ({ mode, seconds }) => {
      const { BackgroundProcessor } = await import('/js/background/processor.js');
      const { Segmenter } = await import('/js/background/segmenter.js');
      const camera = (await navigator.mediaDevices.getUserMedia({ video: true })).getVideoTracks()[0];
      const loadStarted = performance.now();
      const processor = await BackgroundProcessor.start(camera, mode);
      const load = performance.now() - loadStarted;
      const segmenter = await Segmenter.load();
      // A sink that consumes the output, as a sender would.
      const video = document.createElement('video');
      video.muted = true;
      video.srcObject = new MediaStream([processor.track]);
      await video.play();
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const [frames0, draw0, masks0, ms0] = [processor.stats.frames, processor.stats.drawMs, segmenter.stats.masks, segmenter.stats.ms];
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      const frames = processor.stats.frames - frames0;
      const masks = segmenter.stats.masks - masks0;
      processor.stop();
      camera.stop();
      return {
        mode, size: `${camera.getSettings().width}x${camera.getSettings().height}`, load: Math.round(load),
        fps: (frames / seconds).toFixed(1), composite: ((processor.stats.drawMs - draw0) / frames).toFixed(2),
        masksPerSecond: (masks / seconds).toFixed(1), mask: ((segmenter.stats.ms - ms0) / masks).toFixed(1),
      };
    }, { mode, seconds: kSeconds });
    console.log(`# ${figures.mode} at ${figures.size}: first load ${figures.load} ms; output ${figures.fps} fps, `
      + `composite ${figures.composite} ms per frame; ${figures.masksPerSecond} masks per second, ${figures.mask} ms per mask`);
  }
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
