// Meetings on lossy links (issue 10 item 7): Ben (Chromium) and Fritz (Firefox) lose 5 % of what reaches them; the server resends what they NACK, as RTX (RFC 4588) where the browser took it, and both keep decoding Ada's camera smoothly. Each browser in its own network namespace (tests/e2e/links.mjs).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { frameLog, joinRoom, launchChromium, launchFirefox, newChromiumPage, sessionState, startFrameLog, waitFor } from './browsers.mjs';
import { keyedRoomLink, linkedSuite } from './links.mjs';

const binary = process.env.VICOS_BINARY;
const serverIp = '127.0.104.1';
const port = 8748;
const mediaPort = 40760;
const base = `https://${serverIp}:${port}`;
const kLossPercent = 5;
const kWindowMs = 15_000;

/**
 * What the page received of one participant's camera: packets, losses, NACKs sent and
 * retransmissions identified as such (RTX), from the video receiver's inbound-rtp.
 * @param {any} page
 * @param {string} participant
 */
function repairStats(page, participant) {
  return page.evaluate(async (/** @type {string} */ who) => {
    const hook = /** @type {any} */ (window).vicos;
    /** @type {RTCPeerConnection} */
    const pc = hook.pc;
    const stream = hook.state.streams.find((/** @type {any} */ s) => s.participant === who && s.kind === 'video');
    const transceiver = pc.getTransceivers().find((t) => t.mid === stream?.mid);
    /** @type {Record<string, number>} */
    const out = {};
    (await transceiver?.receiver.getStats())?.forEach((/** @type {any} */ s) => {
      if (s.type !== 'inbound-rtp') return;
      Object.assign(out, { packets: s.packetsReceived ?? 0, lost: s.packetsLost ?? 0, nacks: s.nackCount ?? 0,
        rtx: s.retransmittedPacketsReceived ?? -1, frames: s.framesDecoded ?? 0 });
    });
    return out;
  }, participant);
}

describe(`a meeting where two of three lose ${kLossPercent} % of their downlink`, {
  skip: !binary && 'VICOS_BINARY not set (tests/e2e/run.sh sets it)', timeout: 180_000,
}, () => {
  const suite = linkedSuite('vloss', serverIp, { port, mediaPort });

  test('the lossy pages NACK, get retransmissions and keep decoding', async (t) => {
    const { links, browsers, dir } = suite;
    const participants = [1, 2, 3].map((i) => links.participant(i, dir));
    const names = ['Ada', 'Ben', 'Fritz'];
    for (const p of participants.slice(1)) links.loseOnDownlink(p, kLossPercent);
    for (const p of participants.slice(0, 2)) browsers.push(await launchChromium({ executablePath: p.wrapper }));
    const firefox = suite.firefox = await launchFirefox({ executablePath: participants[2].firefox });
    /** @type {any[]} */
    const pages = [...await Promise.all(browsers.map((b) => newChromiumPage(b)))];
    pages.push(await firefox.newPage());
    const room = `lossy-links-${links.tag}`;
    const link = keyedRoomLink(base, room);
    /** @type {string[]} */
    const ids = [];
    for (const [i, name] of names.entries()) ids.push(await joinRoom(pages[i], room, name, { link }));
    for (const page of pages)
      await waitFor(async () => (await sessionState(page)).participants.length === 2, { message: 'three in the roster' });
    const ada = ids[0];
    for (const [i, page] of pages.entries()) {
      if (i === 0) continue;
      await waitFor(async () => ((await repairStats(page, ada)).frames ?? 0) > 30,
        { timeout: 40_000, message: `${names[i]} decodes Ada` });
    }

    const before = await Promise.all(pages.slice(1).map((page) => repairStats(page, ada)));
    await Promise.all(pages.slice(1).map((page) => startFrameLog(page)));
    await new Promise((resolve) => setTimeout(resolve, kWindowMs));
    const logs = await Promise.all(pages.slice(1).map((page) => frameLog(page)));
    const after = await Promise.all(pages.slice(1).map((page) => repairStats(page, ada)));
    for (const k of [0, 1]) {
      const name = names[k + 1];
      const delta = Object.fromEntries(Object.keys(after[k]).map((key) => [key, after[k][key] - (before[k][key] ?? 0)]));
      t.diagnostic(`${name} of Ada's camera in ${kWindowMs / 1000} s: ${JSON.stringify(delta)}; frames ${JSON.stringify(logs[k][ada])}`);
      assert.ok(delta.nacks > 0, `${name} NACKed what it lost`);
      if (name === 'Ben') {
        // Chromium tells retransmissions apart only when they come as RTX, and counts a packet
        // that RTX brought back still as lost on the media stream: most of those came back.
        assert.ok(delta.rtx > 0, 'Ben received retransmissions as RTX');
        assert.ok(delta.rtx >= delta.lost / 2, `Ben got ${delta.rtx} retransmissions for ${delta.lost} lost packets`);
      }
      assert.ok(logs[k][ada]?.fps >= 15, `${name} decodes Ada at ${logs[k][ada]?.fps} frames/s`);
    }
  });
});
