// Simulcast publishing (issue 10, stages S18 and S19): with `--simulcast on` the server offers the camera uplink as three RID layers with RTX, the client applies the offer's `encodings`, Chromium sends them, and the server forwards the highest live layer to a subscriber, starting and switching at keyframes, with end-to-end encryption still on.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cameraVideos, chooseFromMore, clickByRole, en, joinEveryone, inboundStats, launchChromium, outboundByRid, roomLink, sessionState, waitFor } from './browsers.mjs';

const binary = process.env.VICOS_BINARY;
const port = Number(process.env.VICOS_E2E_SIMULCAST_PORT ?? 8480);
const base = `https://127.0.0.1:${port}`;
/** The lower of the two layers Chromium's 640x480 fake camera sends (half size). */
const kLowWidth = 320;

/**
 * The widths of the video frames the page decodes.
 * @param {import('playwright-core').Page} page
 * @returns {Promise<number[]>}
 */
function decodedWidths(page) {
  return page.evaluate(async () => {
    /** @type {RTCPeerConnection} */
    const pc = /** @type {any} */ (window).vicos.pc;
    /** @type {number[]} */
    const widths = [];
    for (const transceiver of pc.getTransceivers()) {
      (await transceiver.receiver.getStats()).forEach((/** @type {any} */ s) => {
        if (s.type === 'inbound-rtp' && s.kind === 'video' && s.framesDecoded > 0) widths.push(s.frameWidth);
      });
    }
    return widths;
  });
}

describe('simulcast publishing (media.simulcast on)', { skip: !binary && 'run through tests/e2e/run.sh', timeout: 300_000 }, () => {
  /** @type {import('node:child_process').ChildProcess} */
  let server;
  /** @type {import('playwright-core').Browser} */
  let browser;
  const dir = mkdtempSync(join(tmpdir(), 'vicos-simulcast-'));
  let serverOutput = '';

  before(async () => {
    server = spawn(/** @type {string} */ (binary), ['serve', '--turn-port', '0', '--listen', '127.0.0.1', '--port', String(port),
      '--media-ip', '127.0.0.1', '--media-port', '40500', '--data-dir', join(dir, 'data'), '--room-policy', 'open',
      '--metrics-listen', '', '--simulcast', 'on'], { stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout?.on('data', (d) => { serverOutput += d; });
    server.stderr?.on('data', (d) => { serverOutput += d; });
    const healthy = () => new Promise((resolve) => {
      const req = get(`${base}/healthz`, { rejectUnauthorized: false, timeout: 1000 }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('error', () => resolve(false));
      req.on('timeout', () => { req.destroy(); resolve(false); });
    });
    await waitFor(healthy, { message: `the simulcast server to start: ${serverOutput}`, timeout: 30_000 });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  test('Chromium publishes its layers and the subscriber decodes the top one, still encrypted', async () => {
    const room = `simulcast-${process.pid}`;
    const { pages, ids } = await joinEveryone(browser, room, ['Ada', 'Ben'], () => ({ link: roomLink(room).replace(/^https:\/\/[^/]+/, base) }));
    // Chromium's fake camera gives 640x480: two layers, half size and full size (simulcast_layers.js).
    // Frames, not bytes: Chromium may send padding on a layer before it encodes any frame of it.
    await waitFor(async () => {
      const layers = await outboundByRid(pages[0]);
      return ['q', 'h'].every((rid) => (layers[rid]?.bytesSent ?? 0) > 10_000 && (layers[rid]?.frameWidth ?? 0) > 0);
    }, { message: 'Ada sends the q and h layers' });
    const layers = await outboundByRid(pages[0]);
    assert.deepEqual(Object.keys(layers).sort(), ['f', 'h', 'q'], JSON.stringify(layers));
    assert.ok(layers.q.frameWidth > 0 && layers.q.frameWidth < layers.h.frameWidth, JSON.stringify(layers));
    assert.equal(layers.h.frameWidth, 640, `the top layer has the camera's full size: ${JSON.stringify(layers)}`);
    assert.equal(layers.q.scalabilityMode, 'L1T3', JSON.stringify(layers));

    await waitFor(async () => ((await inboundStats(pages[1]))[ids[0]]?.framesDecoded ?? 0) > 30,
      { message: 'Ben decodes Ada\'s video' });
    // The server forwards the highest layer Ada sends (no bandwidth limit here).
    await waitFor(async () => {
      const sending = Object.values(await outboundByRid(pages[0])).filter((l) => l.bytesSent > 10_000);
      const top = Math.max(...sending.map((l) => l.frameWidth));
      const widths = await decodedWidths(pages[1]);
      return widths.length === 1 && widths[0] === top;
    }, { message: 'Ben receives Ada\'s top layer' });
    const decoded = (await inboundStats(pages[1]))[ids[0]]?.framesDecoded ?? 0;
    await waitFor(async () => ((await inboundStats(pages[1]))[ids[0]]?.framesDecoded ?? 0) > decoded + 30,
      { message: 'Ben keeps decoding after the switch' });
    await waitFor(async () => /** @type {any} */ (await sessionState(pages[1])).e2ee?.verified,
      { message: 'end-to-end encryption stays on and verified' });
    for (const page of pages) await page.close();
  });

  // docs/protocol.md "view": each video no larger than its tile, none that no tile shows.
  test('each page receives what its tiles show: a thumbnail the low layer, nothing in "audio only"', async () => {
    const room = `views-${process.pid}`;
    const { pages, ids } = await joinEveryone(browser, room, ['Ada', 'Ben', 'Cid'],
      () => ({ link: roomLink(room).replace(/^https:\/\/[^/]+/, base) }));
    const cid = pages[2];
    const [ada, ben] = ids;
    // The grid's tiles (about 500x340 pixels) need the top layer of Chromium's 640x480 camera
    // (the encoder may scale a layer down under load: widths are compared, not fixed).
    await waitFor(async () => {
      const videos = await cameraVideos(cid);
      return videos[ada]?.frameWidth > kLowWidth && videos[ben]?.frameWidth > kLowWidth;
    }, { message: 'Cid receives both cameras above the lowest layer in the grid' });

    // Pinned, Ada fills the stage; Ben shrinks to a thumbnail in the strip (about 160x100).
    await clickByRole(cid, 'button', en['layout.pin'].replace('{name}', 'Ada'));
    await waitFor(async () => {
      const videos = await cameraVideos(cid);
      return videos[ada]?.frameWidth > kLowWidth && videos[ben]?.frameWidth <= kLowWidth;
    }, { message: 'Cid receives Ada large and Ben\'s lowest layer' });
    const thumbnail = await cameraVideos(cid);
    await waitFor(async () => (await cameraVideos(cid))[ben].framesDecoded > thumbnail[ben].framesDecoded + 30,
      { message: 'Ben\'s thumbnail keeps playing' });

    // "Audio only": no video arrives at all, the sound goes on.
    await chooseFromMore(cid, 'menuitem', en['settings.button']);
    await cid.getByRole('combobox', { name: en['settings.quality'], exact: true }).selectOption('audio-only');
    await new Promise((resolve) => setTimeout(resolve, 2000));  // the view and the last packets in flight
    const stopped = await cameraVideos(cid);
    const audioBefore = (await inboundStats(cid))[ada].audioPackets;
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const still = await cameraVideos(cid);
    assert.equal(still[ada].bytesReceived, stopped[ada].bytesReceived, 'no more of Ada\'s video');
    assert.equal(still[ben].bytesReceived, stopped[ben].bytesReceived, 'no more of Ben\'s video');
    assert.ok((await inboundStats(cid))[ada].audioPackets > audioBefore + 50, 'Ada\'s audio goes on');
    // The others, who said nothing of the kind, still receive everything.
    assert.ok((await cameraVideos(pages[0]))[ben].framesDecoded > 0);

    // "Data saver": video again, every tile at the lowest layer; it resumes at a keyframe.
    await cid.getByRole('combobox', { name: en['settings.quality'], exact: true }).selectOption('data-saver');
    await waitFor(async () => {
      const videos = await cameraVideos(cid);
      return videos[ada].frameWidth <= kLowWidth && videos[ben].frameWidth <= kLowWidth &&
        videos[ada].framesDecoded > still[ada].framesDecoded + 30 && videos[ben].framesDecoded > still[ben].framesDecoded + 30;
    }, { message: 'Cid decodes both again, at the lowest layer' });
    for (const page of pages) await page.close();
  });

  // docs/protocol.md "layers": what no page shows, the publisher does not send.
  test('dynacast: Ada sends nothing while Ben listens only, then just the layer his tile needs', async () => {
    const room = `dynacast-${process.pid}`;
    const { pages, ids } = await joinEveryone(browser, room, ['Ada', 'Ben'],
      () => ({ link: roomLink(room).replace(/^https:\/\/[^/]+/, base) }));
    const [adaPage, benPage] = pages;
    const ada = ids[0];
    /** @param {string} rid */
    const sent = async (rid) => (await outboundByRid(adaPage))[rid]?.bytesSent ?? 0;
    /** Whether Ada's `rid` layer sends now (its bytes grow within a second and a half). @param {string} rid */
    const sending = async (rid) => {
      const before = await sent(rid);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      return (await sent(rid)) > before;
    };
    await waitFor(async () => (await sending('q')) && (await sending('h')), { message: 'Ada sends q and h' });

    const quality = benPage.getByRole('combobox', { name: en['settings.quality'], exact: true });
    await chooseFromMore(benPage, 'menuitem', en['settings.button']);
    await quality.selectOption('audio-only');
    await waitFor(async () => !(await sending('q')) && !(await sending('h')),
      { message: 'Ada stops sending video nobody shows' });

    await quality.selectOption('data-saver');
    await waitFor(async () => (await sending('q')) && !(await sending('h')), { message: 'Ada sends only the lowest layer' });
    const saved = (await cameraVideos(benPage))[ada];
    await waitFor(async () => {
      const video = (await cameraVideos(benPage))[ada];
      return video.framesDecoded > saved.framesDecoded + 30 && video.frameWidth <= kLowWidth;
    }, { message: 'Ben decodes Ada at the lowest layer' });

    await quality.selectOption('auto');
    await waitFor(async () => (await sending('h')), { message: 'Ada sends the middle layer again' });
    await waitFor(async () => ((await cameraVideos(benPage))[ada]?.frameWidth ?? 0) > kLowWidth,
      { message: 'Ben receives Ada above the lowest layer again' });
    for (const page of pages) await page.close();
  });
});
