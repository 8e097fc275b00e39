// Media over ICE-TCP (RFC 6544) in real Chromium and Firefox: a participant whose network drops all UDP meets an unrestricted one through the media worker's TCP port (Chromium, then Firefox), one who may reach only the HTTPS port meets one through that port, and everyone sees and hears everyone; the path each used is read from getStats(). Each browser runs in its own network namespace joined to the server's by its own veth, with loopback-range addresses only (docs/architecture.md "Media over TCP").

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { launchChromium, launchFirefox, newChromiumPage } from './browsers.mjs';
import { linkedSuite, meetTwo } from './links.mjs';

const binary = process.env.VICOS_BINARY;
const serverIp = '127.0.100.1';
const port = 8743;
const mediaPort = 40600;
const base = `https://${serverIp}:${port}`;

/**
 * The transport of the page's peer connection as getStats() names it: the selected pair's local
 * candidate protocol and the server port it reached.
 * @param {any} page a playwright-core or puppeteer-core page
 */
function mediaPath(page) {
  return page.evaluate(async () => {
    /** @type {RTCPeerConnection} */
    const pc = /** @type {any} */ (window).vicos.pc;
    /** @type {Map<string, any>} */
    const stats = new Map();
    (await pc.getStats()).forEach((/** @type {any} */ s) => stats.set(s.id, s));
    // Chromium names the pair in its transport stats, Firefox marks it selected.
    const transport = [...stats.values()].find((s) => s.type === 'transport' && s.selectedCandidatePairId);
    const pair = transport ? stats.get(transport.selectedCandidatePairId)
      : [...stats.values()].find((s) => s.type === 'candidate-pair' && s.selected);
    if (!pair) return null;
    const local = stats.get(pair.localCandidateId);
    const remote = stats.get(pair.remoteCandidateId);
    return { protocol: local.protocol, tcpType: local.tcpType ?? 'active', remotePort: remote.port };
  });
}

describe('media over ICE-TCP for participants without UDP (RFC 6544)', {
  skip: !binary && 'VICOS_BINARY not set (tests/e2e/run.sh sets it)', timeout: 150_000,
}, () => {
  const suite = linkedSuite('vtcp', serverIp, { port, mediaPort });

  /**
   * Ulla (restricted) and Otto (unrestricted) meet in a new room; both see and hear each other.
   * @param {any} a Ulla's page (playwright-core or puppeteer-core)
   * @param {import('playwright-core').Page} b Otto's page
   * @param {string} label
   */
  async function meet(a, b, label) {
    await meetTwo(a, b, base, `${label}-${suite.links.tag}`, 40_000);
    const paths = [await mediaPath(a), await mediaPath(b)];
    await a.close();
    await b.close();
    return paths;
  }

  test('Chromium with all UDP dropped meets an unrestricted Chromium over TCP', async () => {
    const blocked = suite.links.participant(1, suite.dir);
    const open = suite.links.participant(2, suite.dir);
    suite.links.dropUdp(blocked);
    for (const p of [blocked, open]) suite.browsers.push(await launchChromium({ executablePath: p.wrapper }));

    const [pathA, pathB] = await meet(await newChromiumPage(suite.browsers[0]), await newChromiumPage(suite.browsers[1]), 'no-udp');
    assert.deepEqual(pathA, { protocol: 'tcp', tcpType: 'active', remotePort: mediaPort },
      'Ulla\'s media goes over TCP to the worker\'s port');
    assert.equal(pathB?.protocol, 'udp', 'Otto, unrestricted, keeps UDP');
  });

  test('Chromium that reaches only the HTTPS port meets an unrestricted Chromium through it', async () => {
    const https = suite.links.participant(3, suite.dir);
    suite.links.allowOnly(https, 'tcp', port);  // only TCP to and from the HTTPS port
    suite.browsers.push(await launchChromium({ executablePath: https.wrapper }));

    const [pathA, pathB] = await meet(await newChromiumPage(suite.browsers[2]), await newChromiumPage(suite.browsers[1]), 'https-only');
    assert.deepEqual(pathA, { protocol: 'tcp', tcpType: 'active', remotePort: port },
      'Ulla\'s media goes over TCP to the HTTPS port');
    assert.equal(pathB?.protocol, 'udp', 'Otto, unrestricted, keeps UDP');
  });

  test('Firefox with all UDP dropped meets an unrestricted Chromium over TCP', async () => {
    const blocked = suite.links.participant(4, suite.dir);
    suite.links.dropUdp(blocked);
    const firefox = suite.firefox = await launchFirefox({ executablePath: blocked.firefox });

    const [pathA, pathB] = await meet(await firefox.newPage(), await newChromiumPage(suite.browsers[1]), 'firefox-no-udp');
    assert.equal(pathA?.protocol, 'tcp', 'Ulla\'s media goes over TCP');
    assert.ok([mediaPort, port].includes(pathA?.remotePort), `to a server TCP candidate (${pathA?.remotePort})`);
    assert.equal(pathB?.protocol, 'udp', 'Otto, unrestricted, keeps UDP');
  });
});
