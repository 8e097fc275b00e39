// Meetings on real links (issue 10 item 3): a participant behind a slow downlink gets lower simulcast layers, chosen by the server's estimate from its transport-cc feedback, and keeps seeing everyone, while an unrestricted participant keeps the top layers; once the link is fast again, probing finds it and the top layers come back. Three Chromium participants, each in its own network namespace, the slow one's downlink shaped with tc (tests/e2e/links.mjs).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { joinRoom, launchChromium, newChromiumPage, sessionState, waitFor } from './browsers.mjs';
import { createLinks } from './links.mjs';

const binary = process.env.VICOS_BINARY;
const serverIp = '127.0.101.1';
const port = 8744;
const mediaPort = 40700;
const base = `https://${serverIp}:${port}`;

/**
 * Per remote participant: the video frames decoded so far and the width of the last one.
 * @param {import('playwright-core').Page} page
 * @returns {Promise<Record<string, {framesDecoded: number, frameWidth: number}>>}
 */
function videoFrom(page) {
  return page.evaluate(async () => {
    const hook = /** @type {any} */ (window).vicos;
    /** @type {RTCPeerConnection} */
    const pc = hook.pc;
    /** @type {Record<string, {framesDecoded: number, frameWidth: number}>} */
    const result = {};
    const streams = new Map(hook.state.streams.map((/** @type {any} */ s) => [s.mid, s]));
    for (const transceiver of pc.getTransceivers()) {
      const stream = transceiver.mid === null ? undefined : streams.get(transceiver.mid);
      if (stream?.kind !== 'video') continue;
      (await transceiver.receiver.getStats()).forEach((/** @type {any} */ s) => {
        if (s.type === 'inbound-rtp' && s.framesDecoded > 0)
          result[stream.participant] = { framesDecoded: s.framesDecoded, frameWidth: s.frameWidth ?? 0 };
      });
    }
    return result;
  });
}

/**
 * The camera's layers as the page sends them: bytes sent and width, by rid.
 * @param {import('playwright-core').Page} page
 * @returns {Promise<Record<string, {bytesSent: number, frameWidth: number}>>}
 */
function cameraLayers(page) {
  return page.evaluate(async () => {
    /** @type {RTCPeerConnection} */
    const pc = /** @type {any} */ (window).vicos.pc;
    /** @type {Record<string, {bytesSent: number, frameWidth: number}>} */
    const result = {};
    for (const transceiver of pc.getTransceivers()) {
      if (transceiver.sender.track?.kind !== 'video') continue;
      (await transceiver.sender.getStats()).forEach((/** @type {any} */ s) => {
        if (s.type === 'outbound-rtp' && s.rid) result[s.rid] = { bytesSent: s.bytesSent ?? 0, frameWidth: s.frameWidth ?? 0 };
      });
    }
    return result;
  });
}

/**
 * Each layer's bit rate over `ms`, by rid, and its width.
 * @param {import('playwright-core').Page} page
 * @param {number} ms
 */
async function layerRates(page, ms) {
  const first = await cameraLayers(page);
  await new Promise((resolve) => setTimeout(resolve, ms));
  const second = await cameraLayers(page);
  /** @type {Record<string, {bps: number, width: number}>} */
  const rates = {};
  for (const [rid, layer] of Object.entries(second))
    rates[rid] = { bps: ((layer.bytesSent - (first[rid]?.bytesSent ?? 0)) * 8000) / ms, width: layer.frameWidth };
  return rates;
}

/**
 * Frames decoded per second from each of `ids` over `ms`, and the widths at the end.
 * @param {import('playwright-core').Page} page
 * @param {string[]} ids
 * @param {number} ms
 */
async function decodingRates(page, ids, ms) {
  const first = await videoFrom(page);
  await new Promise((resolve) => setTimeout(resolve, ms));
  const second = await videoFrom(page);
  return ids.map((id) => ({
    fps: (((second[id]?.framesDecoded ?? 0) - (first[id]?.framesDecoded ?? 0)) * 1000) / ms,
    width: second[id]?.frameWidth ?? 0,
  }));
}

describe('layers follow each receiver\'s downlink (transport-cc, estimate, probing)', {
  skip: !binary && 'VICOS_BINARY not set (tests/e2e/run.sh sets it)', timeout: 240_000,
}, () => {
  /** @type {import('node:child_process').ChildProcess | undefined} */
  let server;
  /** @type {import('playwright-core').Browser[]} */
  const browsers = [];
  /** @type {ReturnType<typeof createLinks>} */
  let links;
  const dir = mkdtempSync(join(tmpdir(), 'vicos-bandwidth-'));
  let log = '';

  before(async () => {
    links = createLinks('vbwe', serverIp);
    server = spawn('ip', ['netns', 'exec', links.serverNs, /** @type {string} */ (binary), 'serve', '--listen', serverIp,
      '--port', String(port), '--media-ip', serverIp, '--media-port', String(mediaPort), '--data-dir', join(dir, 'data'),
      '--room-policy', 'open', '--metrics-listen', '', '--simulcast', 'on'], { stdio: ['ignore', 'ignore', 'pipe'] });
    server.stderr?.on('data', (chunk) => { log += chunk; });
    await waitFor(() => log.includes('listening on https'), { timeout: 15_000, message: `the server starts (${log})` });
  });

  after(async () => {
    for (const browser of browsers) await browser.close();
    server?.kill('SIGTERM');
    links?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a slow downlink gets lower layers of everyone, a fast one the top layers, and the top layers come back', async (t) => {
    const participants = [1, 2, 3].map((i) => links.participant(i, dir));
    const slow = participants[2];
    for (const p of participants) browsers.push(await launchChromium({ executablePath: p.wrapper }));
    const pages = await Promise.all(browsers.map((b) => newChromiumPage(b)));
    const room = `bandwidth-${links.tag}`;
    const secret = createHash('sha256').update(room).digest().subarray(0, 16).toString('base64url');
    const link = `${base}/${room}#k=${secret}`;
    const ids = [];
    for (const [i, name] of ['Ada', 'Ben', 'Cid'].entries()) ids.push(await joinRoom(pages[i], room, name, { link }));
    for (const page of pages)
      await waitFor(async () => (await sessionState(page)).participants.length === 2, { message: 'three in the roster' });

    // Unrestricted first: Ada and Ben send two layers or more (their estimates, on the server's
    // feedback, have grown), and Cid receives both top layers.
    /** @type {Record<string, {bps: number, width: number}>[]} */
    let rates = [];
    await waitFor(async () => {
      rates = await Promise.all([layerRates(pages[0], 1000), layerRates(pages[1], 1000)]);
      return rates.every((r) => Object.values(r).filter((l) => l.bps > 30_000).length >= 2);
    }, { timeout: 40_000, message: 'Ada and Ben send two layers or more' });
    const top = Math.max(...Object.values(rates[0]).map((l) => l.width));
    await waitFor(async () => {
      const seen = await videoFrom(pages[2]);
      return [ids[0], ids[1]].every((id) => seen[id]?.frameWidth === top);
    }, { timeout: 40_000, message: `Cid receives Ada's and Ben's top layers (${top} wide) on an open link` });

    // Cid's downlink shrinks to about halfway between the lower layers' sum and the top layers'.
    const [ada, ben] = await Promise.all([layerRates(pages[0], 3000), layerRates(pages[1], 3000)]);
    const byWidth = (/** @type {Record<string, {bps: number, width: number}>} */ r) =>
      Object.values(r).filter((l) => l.bps > 0).sort((a, b) => a.width - b.width);
    const [aLayers, bLayers] = [byWidth(ada), byWidth(ben)];
    assert.ok(aLayers.length >= 2 && bLayers.length >= 2, `two layers or more each: ${JSON.stringify({ ada, ben })}`);
    const topSum = aLayers[aLayers.length - 1].bps + bLayers[bLayers.length - 1].bps;
    const lowerSum = aLayers[aLayers.length - 2].bps + bLayers[bLayers.length - 2].bps;
    const kbit = Math.round((topSum + lowerSum) / 2 / 1000) + 80;  // + audio and packet overhead
    links.shapeDownlink(slow, kbit);

    await waitFor(async () => {
      const seen = await videoFrom(pages[2]);
      return [ids[0], ids[1]].some((id) => (seen[id]?.frameWidth ?? top) < top);
    }, { timeout: 40_000, message: `Cid gets a lower layer behind ${kbit} kbit/s (tops ${topSum} bit/s)` });
    // Settled: Cid sees both at a usable frame rate, Ada still gets Ben's top layer.
    await new Promise((resolve) => setTimeout(resolve, 4000));
    const slowSeen = await decodingRates(pages[2], [ids[0], ids[1]], 6000);
    for (const [i, v] of slowSeen.entries())
      assert.ok(v.fps >= 8, `Cid decodes ${['Ada', 'Ben'][i]} at ${v.fps} fps behind ${kbit} kbit/s`);
    assert.ok(slowSeen.some((v) => v.width < top), `a lower layer while slow: ${JSON.stringify(slowSeen)}`);
    const fastSeen = await decodingRates(pages[0], [ids[1]], 3000);
    assert.equal(fastSeen[0].width, top, 'Ada, unrestricted, keeps Ben\'s top layer');
    assert.ok(fastSeen[0].fps >= 8, `Ada decodes Ben at ${fastSeen[0].fps} fps`);

    t.diagnostic(`behind ${kbit} kbit/s (top layers ${Math.round(topSum / 1000)}, next ${Math.round(lowerSum / 1000)} ` +
      `kbit/s): Cid decodes ${JSON.stringify(slowSeen)}, Ada ${JSON.stringify(fastSeen)}`);

    // The link is fast again: probes find it, and the top layers come back.
    links.unshapeDownlink(slow);
    const unshaped = Date.now();
    await waitFor(async () => {
      const seen = await videoFrom(pages[2]);
      return [ids[0], ids[1]].every((id) => seen[id]?.frameWidth === top);
    }, { timeout: 60_000, interval: 1000, message: 'Cid gets the top layers back once the link is fast' });
    t.diagnostic(`top layers back ${((Date.now() - unshaped) / 1000).toFixed(1)} s after the link was freed`);
  });
});
