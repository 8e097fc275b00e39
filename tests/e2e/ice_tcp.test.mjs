// Media over ICE-TCP (RFC 6544) in real Chromium and Firefox: a participant whose network drops all UDP meets an unrestricted one through the media worker's TCP port (Chromium, then Firefox), one who may reach only the HTTPS port meets one through that port, and everyone sees and hears everyone; the path each used is read from getStats(). Each browser runs in its own network namespace joined to the server's by its own veth, with loopback-range addresses only (docs/architecture.md "Media over TCP").

import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { inboundStats, joinRoom, launchChromium, launchFirefox, newChromiumPage, sessionState, waitFor } from './browsers.mjs';

const binary = process.env.VICOS_BINARY;
const serverIp = '127.0.100.1';
const port = 8743;
const mediaPort = 40600;
const base = `https://${serverIp}:${port}`;
const tag = process.pid.toString(36);
const serverNs = `vtcp-s-${tag}`;
const kFirefoxBridge = fileURLToPath(new URL('./netns_firefox.mjs', import.meta.url));

/** @param {string[]} args */
function ip(...args) {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/**
 * Lets 127/8 addresses other than 127.0.0.1 travel between namespaces (../shared recipe "Real
 * links"): only 127.0.0.1 stays local, martians are allowed, IPv6 is off.
 * @param {string} ns
 */
function routableLoopback(ns) {
  ip('netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up');
  ip('netns', 'exec', ns, 'ip', 'route', 'del', 'local', '127.0.0.0/8', 'dev', 'lo', 'table', 'local');
  ip('netns', 'exec', ns, 'ip', 'route', 'replace', 'local', '127.0.0.1', 'dev', 'lo', 'table', 'local');
  for (const key of ['all', 'default']) {
    ip('netns', 'exec', ns, 'sysctl', '-qw', `net.ipv4.conf.${key}.route_localnet=1`, `net.ipv4.conf.${key}.rp_filter=0`,
      `net.ipv6.conf.${key}.disable_ipv6=1`);
  }
}

/**
 * A participant's namespace, its veth to the server's (server side 127.0.I.1, its own 127.0.I.2)
 * and a wrapper that starts Chromium inside it.
 * @param {number} index
 * @param {string} dir
 */
function participantNamespace(index, dir) {
  const ns = `vtcp-${index}-${tag}`;
  const [mine, theirs] = [`c${index}`, `s${index}`];
  ip('netns', 'add', ns);
  routableLoopback(ns);
  ip('netns', 'exec', serverNs, 'ip', 'link', 'add', theirs, 'type', 'veth', 'peer', 'name', mine, 'netns', ns);
  for (const [space, link, address] of [[serverNs, theirs, `127.0.${index}.1/30`], [ns, mine, `127.0.${index}.2/30`]]) {
    ip('netns', 'exec', space, 'sysctl', '-qw', `net.ipv4.conf.${link}.route_localnet=1`, `net.ipv4.conf.${link}.rp_filter=0`);
    ip('netns', 'exec', space, 'ip', 'addr', 'add', address, 'dev', link);
    ip('netns', 'exec', space, 'ip', 'link', 'set', link, 'up');
  }
  // 127/8 addresses have host scope: every route names its source, or packets leave from 0.0.0.0.
  ip('netns', 'exec', ns, 'ip', 'route', 'add', `${serverIp}/32`, 'via', `127.0.${index}.1`, 'dev', mine,
    'src', `127.0.${index}.2`);
  ip('netns', 'exec', serverNs, 'ip', 'route', 'replace', `127.0.${index}.0/30`, 'dev', theirs, 'src', serverIp);
  const wrapper = join(dir, `chromium-${index}`);
  writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec ${ns} /usr/bin/chromium "$@"\n`);
  const firefox = join(dir, `firefox-${index}`);
  writeFileSync(firefox, `#!/bin/sh\nexec ${process.execPath} ${kFirefoxBridge} ${ns} "$@"\n`);
  for (const file of [wrapper, firefox]) chmodSync(file, 0o755);
  return { ns, wrapper, firefox, address: `127.0.${index}.2` };
}

/**
 * No UDP leaves the participant's namespace, and none reaches it from the server's.
 * @param {{ns: string, address: string}} participant
 */
function dropUdp({ ns, address }) {
  ip('netns', 'exec', ns, 'ip', 'rule', 'add', 'ipproto', 'udp', 'blackhole');
  ip('netns', 'exec', serverNs, 'ip', 'rule', 'add', 'ipproto', 'udp', 'to', address, 'blackhole');
}

/**
 * Ends what still runs inside (a browser its driver could not close) and deletes the namespace.
 * @param {string} ns
 */
function deleteNamespace(ns) {
  try {
    const pids = execFileSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).split('\n').filter(Boolean);
    for (const pid of pids) process.kill(Number(pid), 'SIGKILL');
    ip('netns', 'del', ns);
  } catch { /* never created */ }
}

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
  /** @type {import('node:child_process').ChildProcess | undefined} */
  let server;
  /** @type {import('playwright-core').Browser[]} */
  const browsers = [];
  /** @type {import('puppeteer-core').Browser | undefined} */
  let firefox;
  /** @type {string[]} */
  const namespaces = [serverNs];
  const dir = mkdtempSync(join(tmpdir(), 'vicos-ice-tcp-'));
  let log = '';

  before(async () => {
    ip('netns', 'add', serverNs);
    routableLoopback(serverNs);
    ip('netns', 'exec', serverNs, 'ip', 'addr', 'add', `${serverIp}/32`, 'dev', 'lo');
    const data = join(dir, 'data');
    server = spawn('ip', ['netns', 'exec', serverNs, /** @type {string} */ (binary), 'serve', '--listen', serverIp,
      '--port', String(port), '--media-ip', serverIp, '--media-port', String(mediaPort), '--data-dir', data,
      '--room-policy', 'open', '--metrics-listen', ''], { stdio: ['ignore', 'ignore', 'pipe'] });
    server.stderr?.on('data', (chunk) => { log += chunk; });
    await waitFor(() => log.includes('listening on https'), { timeout: 15_000, message: `the server starts (${log})` });
  });

  after(async () => {
    await firefox?.close();
    for (const browser of browsers) await browser.close();
    server?.kill('SIGTERM');
    for (const ns of namespaces) deleteNamespace(ns);
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Ulla (restricted) and Otto (unrestricted) meet in a new room; both see and hear each other.
   * @param {any} a Ulla's page (playwright-core or puppeteer-core)
   * @param {import('playwright-core').Page} b Otto's page
   * @param {string} label
   */
  async function meet(a, b, label) {
    const room = `${label}-${tag}`;
    const secret = createHash('sha256').update(room).digest().subarray(0, 16).toString('base64url');
    const link = `${base}/${room}#k=${secret}`;
    const aId = await joinRoom(a, room, 'Ulla', { link });
    const bId = await joinRoom(b, room, 'Otto', { link });
    await waitFor(async () => (await sessionState(a)).participants.length === 1, { message: 'Ulla sees Otto' });
    for (const [page, from, who] of [[a, bId, 'Ulla receives Otto'], [b, aId, 'Otto receives Ulla']]) {
      await waitFor(async () => {
        const s = (await inboundStats(page))[from];
        return s && s.framesDecoded > 20 && s.audioPackets > 50;
      }, { timeout: 40_000, message: `${who}'s video and audio` });
    }
    const paths = [await mediaPath(a), await mediaPath(b)];
    await a.close();
    await b.close();
    return paths;
  }

  test('Chromium with all UDP dropped meets an unrestricted Chromium over TCP', async () => {
    const blocked = participantNamespace(1, dir);
    const open = participantNamespace(2, dir);
    namespaces.push(blocked.ns, open.ns);
    dropUdp(blocked);
    for (const p of [blocked, open]) browsers.push(await launchChromium({ executablePath: p.wrapper }));

    const [pathA, pathB] = await meet(await newChromiumPage(browsers[0]), await newChromiumPage(browsers[1]), 'no-udp');
    assert.deepEqual(pathA, { protocol: 'tcp', tcpType: 'active', remotePort: mediaPort },
      'Ulla\'s media goes over TCP to the worker\'s port');
    assert.equal(pathB?.protocol, 'udp', 'Otto, unrestricted, keeps UDP');
  });

  test('Chromium that reaches only the HTTPS port meets an unrestricted Chromium through it', async () => {
    const https = participantNamespace(3, dir);
    namespaces.push(https.ns);
    // Only TCP to and from the HTTPS port passes between this namespace and the server.
    const rules = [[https.ns, 'dport', serverIp], [serverNs, 'sport', https.address]];
    for (const [ns, direction, to] of rules) {
      ip('netns', 'exec', ns, 'ip', 'rule', 'add', 'ipproto', 'tcp', direction, String(port), 'to', to, 'lookup',
        'main', 'priority', '100');
      ip('netns', 'exec', ns, 'ip', 'rule', 'add', 'to', to, 'blackhole', 'priority', '101');
    }
    browsers.push(await launchChromium({ executablePath: https.wrapper }));

    const [pathA, pathB] = await meet(await newChromiumPage(browsers[2]), await newChromiumPage(browsers[1]), 'https-only');
    assert.deepEqual(pathA, { protocol: 'tcp', tcpType: 'active', remotePort: port },
      'Ulla\'s media goes over TCP to the HTTPS port');
    assert.equal(pathB?.protocol, 'udp', 'Otto, unrestricted, keeps UDP');
  });

  test('Firefox with all UDP dropped meets an unrestricted Chromium over TCP', async () => {
    const blocked = participantNamespace(4, dir);
    namespaces.push(blocked.ns);
    dropUdp(blocked);
    firefox = await launchFirefox({ executablePath: blocked.firefox });

    const [pathA, pathB] = await meet(await firefox.newPage(), await newChromiumPage(browsers[1]), 'firefox-no-udp');
    assert.equal(pathA?.protocol, 'tcp', 'Ulla\'s media goes over TCP');
    assert.ok([mediaPort, port].includes(pathA?.remotePort), `to a server TCP candidate (${pathA?.remotePort})`);
    assert.equal(pathB?.protocol, 'udp', 'Otto, unrestricted, keeps UDP');
  });
});
