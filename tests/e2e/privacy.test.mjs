// Privacy in a real meeting (P6, P27, P29): every request of every page goes to our own origin,
// the only ICE candidates in use are the server's, and after the meeting neither the data
// directory nor the server's log holds a participant's name, a chat text or an IP address.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  baseUrl, chatItems, clickByRole, en, inboundStats, joinRoom, launchChromium, newChromiumPage, sendChat, waitFor,
} from './browsers.mjs';

const origin = new URL(baseUrl).origin;
const names = [`Paula ${randomBytes(4).toString('hex')}`, `Quentin ${randomBytes(4).toString('hex')}`];
const chatText = `Kassenbericht ${randomBytes(6).toString('hex')}`;

/** Every regular file below `dir`. @param {string} dir @returns {string[]} */
function filesBelow(dir) {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesBelow(path) : [path];
  });
}

describe('privacy of a meeting', { timeout: 120_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {string[]} */
  const requests = [];
  /** @type {import('playwright-core').Page[]} */
  const pages = [];

  before(async () => {
    browser = await launchChromium();
    const room = `privacy-${randomBytes(6).toString('hex')}`;
    for (const name of names) {
      const page = await newChromiumPage(browser);
      page.on('request', (request) => requests.push(request.url()));
      page.on('websocket', (socket) => requests.push(socket.url()));
      pages.push(page);
      await joinRoom(page, room, name);
    }
    await waitFor(async () => Object.values(await inboundStats(pages[0])).some((s) => s.framesDecoded > 0),
      { message: 'media flowing' });
    await sendChat(pages[0], chatText, en['chat.to-everyone']);
    await waitFor(async () => (await chatItems(pages[1])).some((m) => m.text === chatText), { message: 'the chat arrived' });
  });

  after(async () => {
    await browser?.close();
  });

  test('every request of every page goes to our own origin (P6)', () => {
    assert.ok(requests.length > 5, `requests were recorded (${requests.length})`);
    const foreign = requests.filter((url) => {
      const parsed = new URL(url);
      const sameOrigin = parsed.origin === origin || parsed.origin === origin.replace('https:', 'wss:');
      return !sameOrigin && parsed.protocol !== 'data:' && parsed.protocol !== 'blob:';
    });
    assert.deepEqual(foreign, []);
  });

  test('media uses only the server\'s own candidate, no STUN or TURN server of anyone else (P6)', async () => {
    const pairs = await pages[0].evaluate(async () => {
      /** @type {RTCPeerConnection} */
      const pc = /** @type {any} */ (window).vicos.pc;
      const stats = await pc.getStats();
      /** @type {{address: string, type: string}[]} */
      const remote = [];
      stats.forEach((s) => {
        if (s.type === 'remote-candidate') remote.push({ address: s.address ?? s.ip, type: s.candidateType });
      });
      return { remote, config: pc.getConfiguration().iceServers ?? [] };
    });
    // The only ICE servers are vicos's own TURN server on the page's host (P6: no public STUN).
    const iceHosts = pairs.config.flatMap((/** @type {RTCIceServer} */ server) => [server.urls].flat())
      .map((url) => /** @type {string} */ (url).replace(/^turns?:/, '').replace(/[:?].*$/, ''));
    assert.ok(iceHosts.every((host) => host === new URL(baseUrl).hostname),
      `the client configures no ICE server but the meeting's own (${JSON.stringify(pairs.config)})`);
    assert.ok(pairs.remote.length > 0);
    for (const candidate of pairs.remote) {
      assert.equal(candidate.type, 'host');
      assert.equal(candidate.address, new URL(baseUrl).hostname);
    }
  });

  test('after the meeting, no name, chat text or IP address is on disk or in the log (P26, P27, P29)', async () => {
    for (const page of pages) await clickByRole(page, 'button', en['meeting.leave']);
    const dataDir = process.env.VICOS_DATA_DIR;
    const serverLog = process.env.VICOS_SERVER_LOG;
    assert.ok(dataDir && serverLog, 'run.sh names the data directory and the server log');
    const files = [...filesBelow(dataDir), serverLog];
    assert.ok(files.length >= 3, `files were searched (${files.join(', ')})`);
    const needles = [...names, ...names.map((n) => n.split(' ')[1]), chatText, chatText.split(' ')[1], '127.0.0.1', '::1'];
    for (const file of files) {
      const text = readFileSync(file, 'latin1');
      for (const needle of needles) assert.ok(!text.includes(needle), `${file} contains "${needle}"`);
    }
  });
});
