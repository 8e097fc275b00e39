// Launch helpers for the end-to-end tests: headless Chromium (playwright-core) and Firefox ESR (puppeteer-core), driven like a person through accessible names.

import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';

/** Where the server under test is; run.sh sets it. */
export const baseUrl = (process.env.VICOS_URL ?? 'https://127.0.0.1:8443').replace(/\/+$/, '');

/** The English catalogue, so that tests find controls by the names people see. */
export const en = JSON.parse(readFileSync(new URL('../../web/i18n/en.json', import.meta.url), 'utf8'));
export const de = JSON.parse(readFileSync(new URL('../../web/i18n/de.json', import.meta.url), 'utf8'));

const kChromiumArgs = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream', '--allow-loopback-in-peer-connection',
  '--autoplay-policy=no-user-gesture-required',
];

/**
 * @param {{fakeDevices?: number, args?: string[], executablePath?: string}} [options]
 *   `fakeDevices`: how many fake cameras, microphones and speakers the browser lists (default 1);
 *   `args`: more flags; `executablePath`: a wrapper that starts Chromium elsewhere (another
 *   network namespace), by default Chromium itself
 * @returns {Promise<import('playwright-core').Browser>}
 */
export function launchChromium({ fakeDevices = 1, args = [], executablePath = '/usr/bin/chromium' } = {}) {
  const flags = kChromiumArgs.map((flag) => (flag === '--use-fake-device-for-media-stream' && fakeDevices !== 1
    ? `${flag}=device-count=${fakeDevices}` : flag));
  return chromium.launch({ executablePath, headless: true, args: [...flags, ...args] });
}

/**
 * A page in its own context (own cookies, own peer connection), English, self-signed TLS accepted.
 * `device` takes playwright's phone emulation (isMobile, hasTouch, deviceScaleFactor);
 * `permissions` are granted to the context (e.g. clipboard-read).
 * @param {import('playwright-core').Browser} browser
 * @param {{locale?: string, viewport?: {width: number, height: number}, permissions?: string[],
 *   device?: {isMobile?: boolean, hasTouch?: boolean, deviceScaleFactor?: number}}} [options]
 */
export async function newChromiumPage(browser, { locale = 'en-US', viewport = { width: 1024, height: 720 }, permissions = [], device = {} } = {}) {
  // An explicit permission list, even an empty one, replaces Chromium's own: camera and
  // microphone would then count as not granted, and Chromium hides host candidates behind mDNS
  // names that never resolve in the test's namespace, so no media would flow.
  const context = await browser.newContext({ ignoreHTTPSErrors: true, locale, viewport, ...(permissions.length ? { permissions } : {}), ...device });
  return context.newPage();
}

/**
 * Firefox ESR over WebDriver BiDi; the prefs let it use fake devices and loopback candidates.
 * @param {{executablePath?: string}} [options] `executablePath`: a wrapper that starts Firefox
 *   elsewhere (another network namespace, tests/e2e/netns_firefox.mjs), by default Firefox itself
 */
export function launchFirefox({ executablePath = '/usr/bin/firefox-esr' } = {}) {
  return puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: true,
    acceptInsecureCerts: true,
    extraPrefsFirefox: {
      'media.navigator.streams.fake': true,
      'media.navigator.permission.disabled': true,
      'media.peerconnection.ice.loopback': true,
      'media.peerconnection.ice.obfuscate_host_addresses': false,
      'permissions.default.camera': 1,
      'permissions.default.microphone': 1,
      'media.autoplay.default': 0,
      'intl.accept_languages': 'en-US',
      'intl.locale.requested': 'en-US',
    },
  });
}

/** @param {any} page */
function isPlaywright(page) {
  return typeof page.getByRole === 'function';
}

/**
 * The control with that ARIA role and exact accessible name, in either driver.
 * @param {any} page a playwright-core or puppeteer-core page
 * @param {string} role
 * @param {string} name
 */
function byRole(page, role, name) {
  if (isPlaywright(page)) return page.getByRole(role, { name, exact: true });
  return page.locator(`::-p-aria([name=${JSON.stringify(name)}][role="${role}"])`);
}

/**
 * @param {any} page
 * @param {string} role
 * @param {string} name
 */
export async function clickByRole(page, role, name) {
  await byRole(page, role, name).click();
}

/**
 * Opens the toolbar's "More" menu and chooses the item of that role (`menuitem` or
 * `menuitemcheckbox`) and exact name, as a person would.
 * @param {any} page
 * @param {'menuitem' | 'menuitemcheckbox'} role
 * @param {string} name
 */
export async function chooseFromMore(page, role, name) {
  await byRole(page, 'button', en['more.button']).click();
  await byRole(page, role, name).click();
}

/**
 * @param {any} page
 * @param {string} name accessible name of the text box
 * @param {string} value
 */
export async function fillByRole(page, name, value) {
  await byRole(page, 'textbox', name).fill(value);
}

/**
 * Polls a condition until it returns a truthy value or the deadline passes.
 * @template T
 * @param {() => Promise<T> | T} condition
 * @param {{timeout?: number, interval?: number, message?: string}} [options]
 * @returns {Promise<T>}
 */
export async function waitFor(condition, { timeout = 20_000, interval = 250, message = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await condition();
      if (last) return last;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${message} (last: ${String(last)})`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/**
 * The page's `window.vicos.state` test hook.
 * @param {any} page
 * @returns {Promise<{phase: string, self: string, room: string, language: string,
 *   participants: {id: string, name: string, audio: boolean, video: boolean}[],
 *   streams: {mid: string, participant: string, kind: string}[]}>}
 */
export function sessionState(page) {
  return page.evaluate(() => /** @type {any} */ (window).vicos.state);
}

/**
 * The full meeting link of a room, with the secret in its fragment (docs/e2ee.md). Each room
 * name gets its own fixed secret, derived here from the name, so every page of a test opens
 * the same meeting.
 * @param {string} room
 * @returns {string}
 */
export function roomLink(room) {
  const secret = createHash('sha256').update(`vicos-e2e-link:${room}`).digest().subarray(0, 16);
  return `${baseUrl}/${room}#k=${secret.toString('base64url')}`;
}

/**
 * Opens the room's pre-join screen and joins like a person: types the name, turns camera and
 * microphone on as asked (they start off), clicks Join, and waits for the meeting screen.
 * @param {any} page
 * @param {string} room
 * @param {string} name
 * @param {{camera?: boolean, mic?: boolean, link?: string}} [devices] `link`: the full link to
 *   open, by default roomLink(room)
 * @returns {Promise<string>} this participant's id
 */
export async function joinRoom(page, room, name, { camera = true, mic = true, link = roomLink(room) } = {}) {
  await page.goto(link);
  await fillByRole(page, en['prejoin.name-label'], name);
  const want = { [en['media.camera']]: camera, [en['media.microphone']]: mic };
  for (const [control, on] of Object.entries(want)) {
    if (!on) continue;
    await clickByRole(page, 'button', control);
    await waitFor(() => page.evaluate(
      (/** @type {string} */ id) => document.getElementById(id)?.getAttribute('aria-pressed') === 'true',
      control === en['media.camera'] ? 'prejoin-camera' : 'prejoin-mic'), { message: `${control} on for ${name}` });
  }
  await clickByRole(page, 'button', en['prejoin.join']);
  const state = await waitFor(async () => {
    const s = await sessionState(page);
    return s.phase === 'joined' && s.self ? s : null;
  }, { message: `${name} joined ${room}` });
  return state.self;
}

/**
 * One new Chromium page per name joins `room`, in order; resolves once every page sees all the
 * others in its roster.
 * @param {import('playwright-core').Browser} browser
 * @param {string} room
 * @param {string[]} names
 * @param {(name: string) => {camera?: boolean, mic?: boolean}} [devicesOf] by default both on
 * @returns {Promise<{pages: import('playwright-core').Page[], ids: string[]}>}
 */
export async function joinEveryone(browser, room, names, devicesOf = () => ({})) {
  const pages = [];
  const ids = [];
  for (const name of names) {
    const page = await newChromiumPage(browser);
    pages.push(page);
    ids.push(await joinRoom(page, room, name, devicesOf(name)));
  }
  for (const page of pages) {
    await waitFor(async () => (await sessionState(page)).participants.length === names.length - 1,
      { message: `${names.length} participants in the roster` });
  }
  return { pages, ids };
}

/**
 * Per remote participant whose video the page is offered: video frames decoded (from its video
 * receivers' getStats()) and audio frames heard so far. Audio comes through audio slots that
 * carry whoever is loudest (docs/protocol.md "Media model"), so it is counted by the sender each
 * frame's key names (the transform worker's `heardFrom`, docs/e2ee.md "Frames").
 * @param {any} page
 * @returns {Promise<Record<string, {framesDecoded: number, audioPackets: number}>>}
 */
export function inboundStats(page) {
  return page.evaluate(async () => {
    const hook = /** @type {any} */ (window).vicos;
    /** @type {RTCPeerConnection | null} */
    const pc = hook.pc;
    /** @type {Record<string, {framesDecoded: number, audioPackets: number}>} */
    const result = {};
    if (!pc) return result;
    /** @type {Record<string, number>} */
    const heard = (await hook.e2eeStats())?.heardFrom ?? {};
    /** @type {Map<string, {participant: string, kind: string}>} */
    const streams = new Map(hook.state.streams.map((/** @type {any} */ s) => [s.mid, s]));
    for (const transceiver of pc.getTransceivers()) {
      const stream = transceiver.mid === null ? undefined : streams.get(transceiver.mid);
      if (!stream || stream.kind !== 'video') continue;
      const entry = (result[stream.participant] ??= { framesDecoded: 0, audioPackets: heard[stream.participant] ?? 0 });
      const report = await transceiver.receiver.getStats();
      report.forEach((/** @type {any} */ s) => {
        if (s.type === 'inbound-rtp') entry.framesDecoded += s.framesDecoded ?? 0;
      });
    }
    return result;
  });
}

/**
 * Per remote participant: the camera video the page receives (frames decoded, width of the
 * latest frame, bytes received), from its video receiver's getStats(). Works on playwright and
 * puppeteer pages alike.
 * @param {any} page
 * @returns {Promise<Record<string, {framesDecoded: number, frameWidth: number, bytesReceived: number}>>}
 */
export function cameraVideos(page) {
  return page.evaluate(async () => {
    const hook = /** @type {any} */ (window).vicos;
    /** @type {RTCPeerConnection} */
    const pc = hook.pc;
    /** @type {Record<string, {framesDecoded: number, frameWidth: number, bytesReceived: number}>} */
    const result = {};
    const streams = new Map(hook.state.streams.map((/** @type {any} */ s) => [s.mid, s]));
    for (const transceiver of pc.getTransceivers()) {
      const stream = transceiver.mid === null ? undefined : streams.get(transceiver.mid);
      if (stream?.kind !== 'video') continue;
      (await transceiver.receiver.getStats()).forEach((/** @type {any} */ s) => {
        if (s.type === 'inbound-rtp') {
          result[stream.participant] = { framesDecoded: s.framesDecoded ?? 0, frameWidth: s.frameWidth ?? 0, bytesReceived: s.bytesReceived ?? 0 };
        }
      });
    }
    return result;
  });
}

/**
 * The participant ids that have a tile on the page (the self view included).
 * @param {any} page
 * @returns {Promise<string[]>}
 */
export function tileIds(page) {
  return page.evaluate(() => [...document.querySelectorAll('#grid [data-participant]')]
    .map((e) => /** @type {HTMLElement} */ (e).dataset.participant ?? ''));
}

/**
 * The chat messages the page shows: sender label, private marker and text.
 * @param {import('playwright-core').Page} page
 */
export function chatItems(page) {
  return page.evaluate(() => [...document.querySelectorAll('#chat-list .chat-item')].map((item) => ({
    from: item.querySelector('.chat-from')?.textContent ?? '',
    private: item.classList.contains('chat-private'),
    text: item.querySelector('.chat-text')?.textContent ?? '',
  })));
}

/**
 * Opens the chat panel (if closed), picks the recipient and sends like a person.
 * @param {import('playwright-core').Page} page
 * @param {string} text
 * @param {string} to recipient's display name, or en['chat.to-everyone']
 */
export async function sendChat(page, text, to) {
  if (await page.locator('#chat-panel').isHidden()) await page.locator('#meeting-chat').click();
  await page.getByRole('combobox', { name: en['chat.to-label'], exact: true }).selectOption({ label: to });
  await page.getByRole('textbox', { name: en['chat.input-label'], exact: true }).fill(text);
  await clickByRole(page, 'button', en['chat.send']);
}

/**
 * A fresh room name per test run, so reruns against one server never meet.
 * @param {string} label
 */
export function roomName(label) {
  return `${label}-${randomBytes(6).toString('hex')}`;
}

/**
 * The camera sender's outbound-rtp entries by rid.
 * @param {any} page a playwright-core or puppeteer-core page
 * @returns {Promise<Record<string, {bytesSent: number, frameWidth: number, scalabilityMode: string}>>}
 */
export function outboundByRid(page) {
  return page.evaluate(async () => {
    /** @type {RTCPeerConnection} */
    const pc = /** @type {any} */ (window).vicos.pc;
    /** @type {Record<string, {bytesSent: number, frameWidth: number, scalabilityMode: string}>} */
    const result = {};
    for (const transceiver of pc.getTransceivers()) {
      if (transceiver.sender.track?.kind !== 'video') continue;
      (await transceiver.sender.getStats()).forEach((/** @type {any} */ s) => {
        if (s.type !== 'outbound-rtp' || !s.rid) return;
        result[s.rid] = { bytesSent: s.bytesSent ?? 0, frameWidth: s.frameWidth ?? 0, scalabilityMode: s.scalabilityMode ?? '' };
      });
    }
    return result;
  });
}

/**
 * Starts logging, every `interval` ms inside the page, each remote camera's decoded frames: how
 * many, its longest freeze and how often each frame width was current. frameLog() reads and
 * stops it.
 * @param {any} page a playwright-core or puppeteer-core page
 * @param {number} [interval]
 */
export function startFrameLog(page, interval = 100) {
  return page.evaluate((/** @type {number} */ every) => {
    const hook = /** @type {any} */ (window).vicos;
    /**
     * @typedef {{frames: number, startFrames: number, since: number, lastNew: number, gap: number,
     *   freezes?: number, freezeSeconds?: number, longestFreeze: number, widths: Record<number, number>}} Video
     */
    /** @type {Record<string, Video>} */
    const videos = {};
    const log = { videos, running: true, lastSample: performance.now(), samplerStall: 0 };
    /** @type {any} */ (window).vicosFrameLog = log;
    const sample = async () => {
      const now = performance.now();
      log.samplerStall = Math.max(log.samplerStall, now - log.lastSample);
      log.lastSample = now;
      /** @type {RTCPeerConnection} */
      const pc = hook.pc;
      const streams = new Map(hook.state.streams.map((/** @type {any} */ s) => [s.mid, s]));
      for (const transceiver of pc.getTransceivers()) {
        const stream = transceiver.mid === null ? undefined : streams.get(transceiver.mid);
        if (stream?.kind !== 'video') continue;
        (await transceiver.receiver.getStats()).forEach((/** @type {any} */ s) => {
          if (s.type !== 'inbound-rtp') return;
          const frames = s.framesDecoded ?? 0;
          const v = (videos[stream.participant] ??= {
            frames, startFrames: frames, since: now, lastNew: now, gap: 0,
            freezes: s.freezeCount, freezeSeconds: s.totalFreezesDuration, longestFreeze: 0, widths: {},
          });
          if (frames > v.frames) {
            v.gap = Math.max(v.gap, now - v.lastNew);
            v.lastNew = now;
            v.frames = frames;
          }
          // Where the browser measures freezes itself (webrtc-stats freezeCount, Chromium), each
          // one ended since the last sample adds its length, whatever this page's timers did.
          if (s.freezeCount > (v.freezes ?? 0)) {
            const ms = ((s.totalFreezesDuration - (v.freezeSeconds ?? 0)) * 1000) / (s.freezeCount - (v.freezes ?? 0));
            v.longestFreeze = Math.max(v.longestFreeze, ms);
          }
          v.freezes = s.freezeCount;
          v.freezeSeconds = s.totalFreezesDuration;
          const width = s.frameWidth ?? 0;
          v.widths[width] = (v.widths[width] ?? 0) + 1;
        });
      }
      if (log.running) setTimeout(sample, every);
    };
    void sample();
  }, interval);
}

/**
 * @typedef {{fps: number, freezeMs: number, measuredBy: 'browser' | 'samples', sampledGapMs: number,
 *   samplerStallMs: number, widths: Record<string, number>}} FrameLogEntry
 *   `freezeMs`: the longest freeze, as the browser measured it where it does (Chromium), else
 *   the longest time between samples that saw new frames (to within the sampling interval, and
 *   lengthened by any stall of the page's own timers, `samplerStallMs`); `widths`: the share of
 *   samples in which each frame width was current.
 */

/**
 * Stops the page's frame log and returns its figures per remote participant.
 * @param {any} page
 * @returns {Promise<Record<string, FrameLogEntry>>}
 */
export function frameLog(page) {
  return page.evaluate(() => {
    const log = /** @type {any} */ (window).vicosFrameLog;
    log.running = false;
    const now = performance.now();
    /** @type {Record<string, any>} */
    const result = {};
    for (const [id, v] of Object.entries(/** @type {Record<string, any>} */ (log.videos))) {
      const samples = Object.values(/** @type {Record<string, number>} */ (v.widths)).reduce((a, b) => a + b, 0);
      const sampledGap = Math.max(v.gap, now - v.lastNew);
      const byBrowser = v.freezes !== undefined;
      result[id] = {
        fps: Math.round(((v.frames - v.startFrames) * 10_000) / (now - v.since)) / 10,
        freezeMs: Math.round(byBrowser ? Math.max(v.longestFreeze, now - v.lastNew) : sampledGap),
        measuredBy: byBrowser ? 'browser' : 'samples',
        sampledGapMs: Math.round(sampledGap),
        samplerStallMs: Math.round(log.samplerStall),
        widths: Object.fromEntries(Object.entries(/** @type {Record<string, number>} */ (v.widths))
          .map(([w, n]) => [w, Math.round((n * 100) / samples) / 100])),
      };
    }
    return result;
  });
}

/**
 * The width of the camera the page sends, as captured (its top simulcast layer's width).
 * @param {any} page
 * @returns {Promise<number>}
 */
export function cameraWidth(page) {
  return page.evaluate(() => {
    /** @type {RTCPeerConnection} */
    const pc = /** @type {any} */ (window).vicos.pc;
    const track = pc.getSenders().find((s) => s.track?.kind === 'video')?.track;
    return track?.getSettings().width ?? 0;
  });
}
