// Real-browser background effects (P24, P6): with blur on, the frames the other participant decodes have the background blurred and the person sharp; a plain background replaces the room; the choice is remembered in localStorage only; no request leaves the origin, and the content security policy still forbids eval.
//
// The fake camera is a photograph of a person in front of gravel (tests/e2e/person_clip.sh):
// columns 0–129 and 511–639 are gravel only, the face is at x 265–330, y 40–105.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { baseUrl, chooseFromMore, en, inboundStats, joinRoom, launchChromium, newChromiumPage, roomName, waitFor } from './browsers.mjs';

const kBackground = [{ x: 0, y: 0, w: 130, h: 360 }, { x: 511, y: 0, w: 129, h: 360 }];
const kFace = [{ x: 265, y: 40, w: 65, h: 65 }];

/**
 * Ben's picture of Ada: one decoded frame of her tile, as RGBA at 640x360.
 * @param {import('playwright-core').Page} page
 * @param {string} id
 * @returns {Promise<number[]>}
 */
async function decodedFrame(page, id) {
  return page.evaluate(async (participant) => {
    const video = /** @type {HTMLVideoElement} */ (document.querySelector(`#grid [data-participant="${participant}"] video`));
    const canvas = document.createElement('canvas');
    canvas.width = 640;
    canvas.height = 360;
    const context = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
    context.drawImage(video, 0, 0, 640, 360);
    return [...context.getImageData(0, 0, 640, 360).data];
  }, id);
}

/**
 * Mean absolute difference of neighbouring pixels (luma) over regions: the texture, which blur removes.
 * @param {number[]} rgba
 * @param {{x: number, y: number, w: number, h: number}[]} regions
 */
function texture(rgba, regions) {
  const luma = (/** @type {number} */ x, /** @type {number} */ y) => {
    const i = (y * 640 + x) * 4;
    return 0.299 * rgba[i] + 0.587 * rgba[i + 1] + 0.114 * rgba[i + 2];
  };
  let sum = 0;
  let n = 0;
  for (const { x, y, w, h } of regions) {
    for (let yy = y; yy < y + h - 1; yy++) {
      for (let xx = x; xx < x + w - 1; xx++) {
        sum += Math.abs(luma(xx, yy) - luma(xx + 1, yy)) + Math.abs(luma(xx, yy) - luma(xx, yy + 1));
        n += 2;
      }
    }
  }
  return sum / n;
}

/**
 * Mean absolute difference of two frames over regions, per channel.
 * @param {number[]} a
 * @param {number[]} b
 * @param {{x: number, y: number, w: number, h: number}[]} regions
 */
function difference(a, b, regions) {
  let sum = 0;
  let n = 0;
  for (const { x, y, w, h } of regions) {
    for (let yy = y; yy < y + h; yy++) {
      for (let xx = x; xx < x + w; xx++) {
        const i = (yy * 640 + xx) * 4;
        for (let c = 0; c < 3; c++) sum += Math.abs(a[i + c] - b[i + c]);
        n += 3;
      }
    }
  }
  return sum / n;
}

/**
 * Mean colour over regions.
 * @param {number[]} rgba
 * @param {{x: number, y: number, w: number, h: number}[]} regions
 */
function meanColour(rgba, regions) {
  const sum = [0, 0, 0];
  let n = 0;
  for (const { x, y, w, h } of regions) {
    for (let yy = y; yy < y + h; yy++) {
      for (let xx = x; xx < x + w; xx++) {
        const i = (yy * 640 + xx) * 4;
        for (let c = 0; c < 3; c++) sum[c] += rgba[i + c];
        n += 1;
      }
    }
  }
  return sum.map((s) => s / n);
}

/**
 * Chooses a background in the settings panel (More → Settings → Background) by keyboard.
 * @param {import('playwright-core').Page} page
 * @param {string} label the option's text
 */
async function chooseBackground(page, label) {
  if (await page.locator('#settings-panel').isHidden()) await chooseFromMore(page, 'menuitem', en['settings.button']);
  const list = page.getByRole('combobox', { name: en['settings.background'], exact: true });
  await list.focus();
  await list.selectOption({ label });
  await waitFor(() => list.evaluate((e) => !e.hasAttribute('aria-busy')), { timeout: 60_000, message: 'background applied' });
}

describe('background effects (Chromium, a photograph of a person as the camera)', { timeout: 300_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let ada;
  /** @type {import('playwright-core').Page} */
  let ben;
  let adaId = '';
  const dir = mkdtempSync(join(tmpdir(), 'vicos-background-'));
  const clip = join(dir, 'person.y4m');
  /** @type {string[]} every URL either page requested */
  const requests = [];
  /** @type {string[]} content security policy violations either page reported */
  const violations = [];
  /** @type {number[]} Ada's camera as Ben decodes it with no effect */
  let plain = [];

  before(async () => {
    execFileSync('bash', [new URL('./person_clip.sh', import.meta.url).pathname, clip], { stdio: 'inherit' });
    browser = await launchChromium({ args: [`--use-file-for-fake-video-capture=${clip}`] });
    ada = await newChromiumPage(browser);
    ben = await newChromiumPage(browser);
    for (const page of [ada, ben]) {
      page.on('request', (request) => requests.push(request.url()));
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          /** @type {any} */ (window).vicosViolations ??= [];
          /** @type {any} */ (window).vicosViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
        });
      });
    }
    const room = roomName('background');
    adaId = await joinRoom(ada, room, 'Ada', { mic: false });
    await joinRoom(ben, room, 'Ben', { camera: false, mic: false });
    await waitFor(async () => ((await inboundStats(ben))[adaId]?.framesDecoded ?? 0) > 10, { message: 'Ben decodes Ada\'s video' });
  });

  after(async () => {
    for (const page of [ada, ben]) violations.push(...(await page?.evaluate(() => /** @type {any} */ (window).vicosViolations ?? []) ?? []));
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('off by default: Ben sees the gravel sharp', async () => {
    assert.equal(await ada.evaluate(() => localStorage.getItem('vicos.background')), null);
    // The encoder needs a moment to reach full quality after the start.
    await waitFor(async () => {
      plain = await decodedFrame(ben, adaId);
      return texture(plain, kBackground) > 12;
    }, { timeout: 30_000, message: 'a sharp picture of the gravel' });
  });

  test('blur: the background Ben decodes is blurred, the face stays sharp', async () => {
    await chooseBackground(ada, en['background.blur']);
    assert.equal(await ada.evaluate(() => localStorage.getItem('vicos.background')), 'blur');
    const plainBackground = texture(plain, kBackground);
    const plainFace = texture(plain, kFace);
    let blurred = [];
    // Until the model's first mask, the whole frame is background (blurred face included).
    await waitFor(async () => {
      blurred = await decodedFrame(ben, adaId);
      return texture(blurred, kBackground) < 0.35 * plainBackground && texture(blurred, kFace) > 0.7 * plainFace;
    }, { timeout: 60_000, message: 'the gravel blurred and the face sharp in what Ben decodes' });
    const face = texture(blurred, kFace);
    console.log(`# texture (mean luma step): gravel ${plainBackground.toFixed(1)} → ${texture(blurred, kBackground).toFixed(1)}, `
      + `face ${plainFace.toFixed(1)} → ${face.toFixed(1)}; background difference ${difference(plain, blurred, kBackground).toFixed(1)}, `
      + `face difference ${difference(plain, blurred, kFace).toFixed(1)}`);
    assert.ok(difference(plain, blurred, kBackground) > 10, 'the background differs from the camera\'s');
    assert.ok(face > 0.7 * plainFace, `the face keeps its detail (${face.toFixed(1)} of ${plainFace.toFixed(1)})`);
    assert.ok(difference(plain, blurred, kFace) < 12, 'the face is the camera\'s');
  });

  test('a plain background replaces the room; the choice survives a reload and "Off" forgets it', async () => {
    await chooseBackground(ada, en['background.slate']);
    assert.equal(await ada.evaluate(() => localStorage.getItem('vicos.background')), 'slate');
    await waitFor(async () => {
      const frame = await decodedFrame(ben, adaId);
      const [r, , b] = meanColour(frame, kBackground);
      // The slate gradient runs from #3d4b5e to #1f2833: blue above red, dark, and no gravel;
      // the face is the camera's.
      return b > r + 8 && r < 80 && texture(frame, kBackground) < 3 && difference(plain, frame, kFace) < 12 ? frame : null;
    }, { timeout: 30_000, message: 'a plain slate background and the face in what Ben decodes' });

    await ada.reload();
    await ada.waitForLoadState('load');
    assert.equal(await ada.evaluate(() => localStorage.getItem('vicos.background')), 'slate');
    // The choice is in this browser only: nothing about it reached the server or Ben.
    assert.equal(await ben.evaluate(() => localStorage.getItem('vicos.background')), null);
    const restored = await ada.evaluate(async () => (await import('/js/background/modes.js')).loadBackgroundChoice());
    assert.equal(restored, 'slate');
    await ada.evaluate(() => localStorage.setItem('vicos.background', 'https://evil.example/x.png'));
    assert.equal(await ada.evaluate(async () => (await import('/js/background/modes.js')).loadBackgroundChoice()), 'off');
  });

  test('no request left the origin, the model came from it, and eval stays forbidden', async () => {
    const origin = new URL(baseUrl).origin;
    const foreign = requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('blob:') && !url.startsWith('data:'));
    assert.deepEqual(foreign, []);
    assert.ok(requests.some((url) => url.endsWith('/vendor/selfie_segmentation/selfie_segmentation_solution_simd_wasm_bin.wasm')));
    assert.ok(requests.some((url) => url.endsWith('/vendor/selfie_segmentation/selfie_segmentation_landscape.tflite')));

    const response = await ben.request.get(`${origin}/`);
    const csp = response.headers()['content-security-policy'] ?? '';
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval';/);
    assert.doesNotMatch(csp, /'unsafe-eval'|'unsafe-inline'/);
    // DevTools' own evaluation is exempt from the policy unless told otherwise: ask as the page.
    const cdp = await ben.context().newCDPSession(ben);
    const asPage = async (/** @type {string} */ expression) => (await cdp.send('Runtime.evaluate', {
      expression, awaitPromise: true, returnByValue: true, allowUnsafeEvalBlockedByCSP: false,
    })).result.value;
    const attempt = (/** @type {string} */ code) => `(async () => { try { return String(await (${code})); } catch (e) { return e.name; } })()`;
    assert.equal(await asPage(attempt("eval('1 + 1')")), 'EvalError');
    assert.equal(await asPage(attempt("new Function('return 2')()")), 'EvalError');
    // An empty WebAssembly module (magic and version): compiling it is what 'wasm-unsafe-eval' allows.
    assert.equal(await asPage(attempt('WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])).then(() => "compiled")')), 'compiled');
    // The only violations are the two eval attempts just made: the model itself needed none.
    const seen = [...violations, ...await ada.evaluate(() => /** @type {any} */ (window).vicosViolations ?? []),
      ...await ben.evaluate(() => /** @type {any} */ (window).vicosViolations ?? [])];
    assert.deepEqual(seen.filter((v) => !v.startsWith('script-src eval')), []);
  });
});
