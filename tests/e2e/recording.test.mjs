// Real-browser test of recording with consent (docs/protocol.md "Recording with consent", P25): a moderator in Chromium records from the "More" menu, one participant agrees, one declines and a latecomer presses Escape; the WebM saved by the moderator's browser is checked with Debian's ffprobe and ffmpeg: playable, about as long as the recording ran, with the agreeing participant's picture and voice and nothing of the others'.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chooseFromMore, clickByRole, en, joinRoom, launchChromium, newChromiumPage, roomName, sessionState, waitFor } from './browsers.mjs';

/** Each participant's fake camera shows one colour and their fake microphone one tone. */
const kPeople = {
  Mia: { colour: 'red', tone: 0 },  // the moderator, microphone off
  Gus: { colour: 'lime', tone: 440 },  // agrees
  Dan: { colour: 'blue', tone: 1000 },  // declines
  Liv: { colour: 'yellow', tone: 0 },  // joins while it runs and presses Escape
};
/** How long the test lets the recording run, at least. */
const kRecordMs = 6000;

/**
 * Runs ffmpeg or ffprobe (Debian's ffmpeg package) and returns what it printed.
 * @param {string} tool
 * @param {string[]} args
 */
function run(tool, args) {
  return execFileSync(tool, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
}

/**
 * The fake camera (Y4M) and microphone (WAV) files of one participant.
 * @param {string} dir
 * @param {string} name
 */
function fakeDevices(dir, name) {
  const { colour, tone } = kPeople[/** @type {keyof typeof kPeople} */ (name)];
  const video = join(dir, `${name}.y4m`);
  run('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', `color=c=${colour}:s=320x240:r=15`, '-t', '2', '-pix_fmt', 'yuv420p', video]);
  const args = [`--use-file-for-fake-video-capture=${video}`];
  if (tone) {
    const audio = join(dir, `${name}.wav`);
    run('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', `sine=frequency=${tone}:sample_rate=48000`, '-t', '2', audio]);
    args.push(`--use-file-for-fake-audio-capture=${audio}`);
  }
  return args;
}

/**
 * The mean volume (dB) of the file's audio in a narrow band around a frequency.
 * @param {string} file
 * @param {number} frequency
 */
function bandVolume(file, frequency) {
  // volumedetect reports on standard error.
  return spawnSync('ffmpeg', ['-v', 'info', '-nostats', '-i', file, '-vn', '-af',
    `bandpass=f=${frequency}:width_type=h:width=60,volumedetect`, '-f', 'null', '-'], { encoding: 'utf8' }).stderr;
}

/**
 * Keeps the page's signaling socket in `window.vicosSocket`, so that the test can send what the
 * UI would not.
 * @param {import('playwright-core').Page} page
 */
async function keepSocket(page) {
  await page.addInitScript(() => {
    const w = /** @type {any} */ (window);
    const Original = WebSocket;
    w.WebSocket = class extends Original {
      /** @param {ConstructorParameters<typeof WebSocket>} args */
      constructor(...args) {
        super(...args);
        w.vicosSocket = this;
      }
    };
  });
}

describe('a recording in the moderator\'s browser, with one yes and one no', { timeout: 240_000 }, () => {
  /** @type {import('playwright-core').Browser[]} */
  const browsers = [];
  /** @type {Record<string, import('playwright-core').Page>} */
  const pages = {};
  const room = roomName('recording');
  const dir = mkdtempSync(join(tmpdir(), 'vicos-recording-'));
  const file = join(dir, 'recording.webm');
  /** @type {Record<string, string>} */
  const ids = {};
  let startedAt = 0;
  let recordedMs = 0;

  before(async () => {
    for (const name of Object.keys(kPeople)) {
      const browser = await launchChromium({ args: fakeDevices(dir, name) });
      browsers.push(browser);
      pages[name] = await newChromiumPage(browser);
      if (name === 'Dan') await keepSocket(pages[name]);
      // Liv comes later, while the recording runs.
      if (name !== 'Liv') ids[name] = await joinRoom(pages[name], room, name, { camera: true, mic: kPeople[name].tone > 0 });
    }
    assert.equal((await sessionState(pages.Mia)).role, 'moderator');
    for (const page of [pages.Mia, pages.Gus, pages.Dan]) {
      await waitFor(async () => {
        const s = await sessionState(page);
        return s.participants.length === 2 && /** @type {any} */ (s).e2ee?.verified;
      }, { message: 'keys verified', timeout: 40_000 });
    }
    // The moderator sees both others' pictures before recording.
    await waitFor(() => pages.Mia.evaluate(() => [...document.querySelectorAll('#grid video')]
      .filter((v) => /** @type {HTMLVideoElement} */ (v).videoWidth > 0).length === 3), { message: 'three pictures at Mia', timeout: 40_000 });
  });

  after(async () => {
    for (const browser of browsers) await browser.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a guest sees no record item, and the server refuses a guest\'s recording-start', async () => {
    await clickByRole(pages.Dan, 'button', en['more.button']);
    assert.equal(await pages.Dan.getByRole('menuitemcheckbox', { name: en['recording.start'], exact: true }).count(), 0);
    await pages.Dan.keyboard.press('Escape');
    // The UI offers nothing, so the test sends the raw message on the guest's signaling socket.
    const refused = await pages.Dan.evaluate(() => new Promise((resolve) => {
      const socket = /** @type {WebSocket} */ (/** @type {any} */ (window).vicosSocket);
      socket.addEventListener('message', (event) => {
        const m = JSON.parse(event.data);
        if (m.type === 'error') resolve(m);
      });
      socket.send(JSON.stringify({ type: 'recording-start' }));
    }));
    assert.deepEqual([refused.code, refused.ref], ['not-allowed', 'recording-start']);
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const name of ['Mia', 'Gus', 'Dan']) assert.equal(await pages[name].locator('#recording-indicator').isHidden(), true);
  });

  test('the moderator starts; everyone is asked, answers, and sees the indicator', async () => {
    // The indicator shows and hides as the recorder starts and stops: the page notes both times.
    await pages.Mia.evaluate(() => {
      const w = /** @type {any} */ (window);
      w.recordingShown = [];
      const indicator = /** @type {HTMLElement} */ (document.getElementById('recording-indicator'));
      new MutationObserver(() => w.recordingShown.push(performance.now()))
        .observe(indicator, { attributes: true, attributeFilter: ['hidden'] });
    });
    startedAt = Date.now();
    await chooseFromMore(pages.Mia, 'menuitemcheckbox', en['recording.start']);
    for (const name of ['Gus', 'Dan']) {
      await waitFor(() => pages[name].locator('#recording-dialog').isVisible(), { message: `${name} is asked` });
    }
    await clickByRole(pages.Gus, 'button', en['recording.agree']);
    await clickByRole(pages.Dan, 'button', en['recording.decline']);
    const expected = {
      Mia: en['recording.indicator-self'],
      Gus: en['recording.indicator-in'].replace('{name}', 'Mia'),
      Dan: en['recording.indicator-out'].replace('{name}', 'Mia'),
    };
    for (const [name, text] of Object.entries(expected)) {
      await waitFor(async () => (await pages[name].locator('#recording-indicator-text').textContent()) === text,
        { message: `${name}'s indicator` });
      assert.equal(await pages[name].getByRole('status').filter({ hasText: text }).count(), 1);
      // P13: the participants list marks who records, and only them.
      const marked = await pages[name].evaluate(() => [...document.querySelectorAll('#people-list .person-recording')]
        .map((mark) => /** @type {HTMLElement} */ (mark.closest('li')).dataset.participant));
      assert.deepEqual(marked, [ids.Mia], `${name}'s participants list`);
    }
  });

  test('a latecomer is asked on joining; Escape leaves her out', async () => {
    ids.Liv = await joinRoom(pages.Liv, room, 'Liv', { camera: true, mic: false });
    await waitFor(() => pages.Liv.locator('#recording-dialog').isVisible(), { message: 'Liv is asked' });
    await pages.Liv.keyboard.press('Escape');
    const text = en['recording.indicator-out'].replace('{name}', 'Mia');
    let shown = '';
    await waitFor(async () => {
      shown = (await pages.Liv.locator('#recording-indicator-text').textContent()) ?? '';
      return shown === text && !(await pages.Liv.locator('#recording-dialog').isVisible());
    }, { message: "Liv's indicator and the question closed" }).catch((error) => {
      throw new Error(`${error.message}; the indicator says "${shown}"`);
    });
    // Mia sees Liv's picture, so leaving her out of the recording is the recorder's doing.
    await waitFor(() => pages.Mia.evaluate(() => [...document.querySelectorAll('#grid video')]
      .filter((v) => /** @type {HTMLVideoElement} */ (v).videoWidth > 0).length === 4), { message: 'four pictures at Mia', timeout: 40_000 });
  });

  test('stopping saves a WebM on the moderator\'s disk', async () => {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, startedAt + kRecordMs - Date.now())));
    const download = pages.Mia.waitForEvent('download');
    await chooseFromMore(pages.Mia, 'menuitemcheckbox', en['recording.stop']);
    await (await download).saveAs(file);
    const shown = await pages.Mia.evaluate(() => /** @type {number[]} */ (/** @type {any} */ (window).recordingShown));
    assert.equal(shown.length, 2, 'the indicator showed once and hid once');
    recordedMs = shown[1] - shown[0];
    assert.ok(statSync(file).size > 10_000, 'a file with content');
    for (const page of Object.values(pages)) {
      await waitFor(() => page.locator('#recording-indicator').isHidden(), { message: 'indicator gone' });
    }
  });

  test('ffprobe: WebM with VP8/VP9 video and Opus audio, about as long as the recording ran', () => {
    const probe = JSON.parse(run('ffprobe', ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', file]));
    assert.match(probe.format.format_name, /webm/);
    const codecs = probe.streams.map((/** @type {any} */ s) => s.codec_name).sort();
    assert.equal(codecs.length, 2);
    assert.match(codecs[0], /^opus$/);
    assert.match(codecs[1], /^vp[89]$/);
    // MediaRecorder writes no duration into the header: the last packet's time says how long it is
    // (each line may end in a comma before side data).
    const times = run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', file])
      .split('\n').map((line) => parseFloat(line)).filter((n) => Number.isFinite(n) && n > 0);
    const seconds = Math.max(...times);
    console.log(`recording: ${seconds.toFixed(2)} s of video, ${Math.round(recordedMs)} ms with the indicator shown, ${statSync(file).size} bytes`);
    assert.ok(Math.abs(seconds - recordedMs / 1000) < 1.5, `length ${seconds} s`);
    // The whole file decodes without error.
    assert.equal(run('ffmpeg', ['-v', 'error', '-i', file, '-f', 'null', '-']).trim(), '');
  });

  test('the picture holds the moderator and the one who agreed, never those who declined', () => {
    const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-vf', 'fps=2,scale=64:36', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'],
      { maxBuffer: 64 << 20 });
    const frameBytes = 64 * 36 * 3;
    const frames = raw.length / frameBytes;
    assert.ok(frames >= 8, `${frames} frames`);
    /** @type {number[][]} */
    const counts = [];
    for (let f = 0; f < frames; f++) {
      const c = [0, 0, 0, 0];  // red, green, blue, yellow pixels
      for (let i = f * frameBytes; i < (f + 1) * frameBytes; i += 3) {
        const [r, g, b] = [raw[i], raw[i + 1], raw[i + 2]];
        if (r > 150 && g < 90 && b < 90) c[0]++;
        if (g > 150 && r < 90 && b < 90) c[1]++;
        if (b > 150 && r < 90 && g < 90) c[2]++;
        if (r > 150 && g > 150 && b < 90) c[3]++;
      }
      counts.push(c);
    }
    console.log(`pixels red/green/blue/yellow per frame: ${counts.map((c) => c.join('/')).join(' ')}`);
    assert.ok(counts.every((c) => c[2] === 0), 'no frame shows the decliner');
    assert.ok(counts.every((c) => c[3] === 0), 'no frame shows the latecomer who pressed Escape');
    const last = counts.at(-2) ?? counts[0];
    assert.ok(last[0] > 100 && last[1] > 100, 'the moderator and the one who agreed are in the picture');
  });

  test('the sound holds the one who agreed (440 Hz), not the one who declined (1000 Hz)', () => {
    const volume = (/** @type {number} */ frequency) => {
      const match = /mean_volume: (-?[\d.]+|-inf) dB/.exec(bandVolume(file, frequency));
      assert.ok(match, 'volumedetect output');
      return match[1] === '-inf' ? -200 : Number(match[1]);
    };
    const agreed = volume(440);
    const declined = volume(1000);
    console.log(`mean volume: 440 Hz ${agreed} dB, 1000 Hz ${declined} dB`);
    assert.ok(agreed > -55, `the agreeing voice is heard (${agreed} dB)`);
    assert.ok(declined < agreed - 20, `the declining voice is not (${declined} dB)`);
  });
});
