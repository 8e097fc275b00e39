// TURN (RFC 8656) in real Chromium: a participant whose peer connection may use relays only meets an unrestricted one through TURN over UDP, and one who can reach nothing but an HTTP proxy (tinyproxy, CONNECT to the HTTPS port only) meets one through TURN over TLS on the HTTPS port; everyone sees and hears everyone, and the path each used is read from getStats() (relay candidate, relayProtocol). Each browser runs in its own network namespace joined to the server's by its own veth (tests/e2e/links.mjs; docs/architecture.md "TURN").

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchChromium, newChromiumPage, sessionState, waitFor } from './browsers.mjs';
import { createLinks, meetTwo } from './links.mjs';

const binary = process.env.VICOS_BINARY;
const serverIp = '127.0.100.1';
const port = 8744;
const mediaPort = 40700;
const turnPort = 3479;
const proxyPort = 8888;
const base = `https://${serverIp}:${port}`;
const kTinyproxy = '/usr/bin/tinyproxy';

/**
 * The selected pair's local candidate as getStats() names it, and the page's own reading.
 * @param {import('playwright-core').Page} page
 */
async function relayPath(page) {
  const local = await page.evaluate(async () => {
    /** @type {RTCPeerConnection} */
    const pc = /** @type {any} */ (window).vicos.pc;
    /** @type {Map<string, any>} */
    const stats = new Map();
    (await pc.getStats()).forEach((/** @type {any} */ s) => stats.set(s.id, s));
    const transport = [...stats.values()].find((s) => s.type === 'transport' && s.selectedCandidatePairId);
    const pair = transport ? stats.get(transport.selectedCandidatePairId) : null;
    const candidate = pair ? stats.get(pair.localCandidateId) : null;
    return candidate ? { type: candidate.candidateType, relayProtocol: candidate.relayProtocol ?? null } : null;
  });
  return { ...local, shown: (await sessionState(page)).mediaPath };
}

/**
 * A page whose peer connections may use relay candidates only (iceTransportPolicy 'relay', as an
 * operator's browser policy would set it), so the test sees TURN even where a direct path exists.
 * @param {import('playwright-core').Browser} browser
 */
async function relayOnlyPage(browser) {
  const page = await newChromiumPage(browser);
  await page.addInitScript(() => {
    const set = RTCPeerConnection.prototype.setConfiguration;
    RTCPeerConnection.prototype.setConfiguration = function (config) {
      return set.call(this, { ...config, iceTransportPolicy: 'relay' });
    };
  });
  return page;
}

describe('TURN for participants behind the strictest networks (RFC 8656)', {
  skip: (!binary && 'VICOS_BINARY not set (tests/e2e/run.sh sets it)') ||
    (!existsSync(kTinyproxy) && 'tinyproxy not installed (scripts/install-deps.sh --test)'),
  timeout: 150_000,
}, () => {
  /** @type {import('node:child_process').ChildProcess | undefined} */
  let server;
  /** @type {import('node:child_process').ChildProcess | undefined} */
  let proxy;
  /** @type {import('playwright-core').Browser[]} */
  const browsers = [];
  /** @type {ReturnType<typeof createLinks>} */
  let links;
  const dir = mkdtempSync(join(tmpdir(), 'vicos-turn-'));

  before(async () => {
    links = createLinks('vturn', serverIp);
    const config = join(dir, 'vicos.toml');
    writeFileSync(config, `[turn]\nport = ${turnPort}\n`);
    // The proxy a company network would give: CONNECT to the HTTPS port only.
    const proxyConfig = join(dir, 'tinyproxy.conf');
    writeFileSync(proxyConfig, [`Port ${proxyPort}`, `Listen ${serverIp}`, 'Timeout 600', 'MaxClients 50',
      'Allow 127.0.0.0/8', 'ConnectPort ' + port, 'LogLevel Critical', ''].join('\n'));
    proxy = spawn('ip', ['netns', 'exec', links.serverNs, kTinyproxy, '-d', '-c', proxyConfig],
      { stdio: ['ignore', 'ignore', 'ignore'] });
    server = await links.startServer(/** @type {string} */ (binary),
      { port, mediaPort, dataDir: join(dir, 'data'), args: ['--config', config] });
  });

  after(async () => {
    for (const browser of browsers) await browser.close();
    server?.kill('SIGTERM');
    proxy?.kill('SIGTERM');
    links?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Ulla (restricted) and Otto (unrestricted) meet in a new room; both see and hear each other.
   * @param {import('playwright-core').Page} a
   * @param {import('playwright-core').Page} b
   * @param {string} label
   */
  async function meet(a, b, label) {
    await meetTwo(a, b, base, `${label}-${links.tag}`, 60_000);
    await waitFor(async () => (await sessionState(a)).mediaPath !== null, { message: 'Ulla\'s path is read' });
    const paths = [await relayPath(a), await relayPath(b)];
    await a.close();
    await b.close();
    return paths;
  }

  test('Chromium whose peer connection may use relays only meets an unrestricted one over TURN/UDP', async () => {
    const relayOnly = links.participant(1, dir);
    const open = links.participant(2, dir);
    for (const p of [relayOnly, open]) browsers.push(await launchChromium({ executablePath: p.wrapper }));
    const [a, b] = await meet(await relayOnlyPage(browsers[0]), await newChromiumPage(browsers[1]), 'relay-udp');
    assert.deepEqual(a, { type: 'relay', relayProtocol: 'udp', shown: 'turn-udp' }, 'Ulla relays over TURN/UDP');
    assert.equal(b.type, 'host', 'Otto, unrestricted, goes direct');
  });

  test('Chromium that reaches only an HTTP proxy meets an unrestricted one over TURN/TLS', async () => {
    const proxied = links.participant(3, dir);
    links.allowOnly(proxied, 'tcp', proxyPort);
    browsers.push(await launchChromium({
      executablePath: proxied.wrapper,
      // The test server's certificate is self-signed; WebRTC checks a turns: server's
      // certificate itself, beside the page's context (without this flag the relay fails).
      args: [`--proxy-server=http://${serverIp}:${proxyPort}`, '--proxy-bypass-list=<-loopback>',
        '--ignore-certificate-errors'],
    }));
    // Left to itself, Chromium reaches the HTTPS port's ICE-TCP through the proxy as well (seen in
    // this test); with relays only, the path under test is TURN over TLS through CONNECT.
    const [a, b] = await meet(await relayOnlyPage(browsers[2]), await newChromiumPage(browsers[1]), 'proxy-tls');
    assert.deepEqual(a, { type: 'relay', relayProtocol: 'tls', shown: 'turn-tls' }, 'Ulla relays over TURN/TLS');
    assert.equal(b.type, 'host', 'Otto, unrestricted, goes direct');
  });
});
