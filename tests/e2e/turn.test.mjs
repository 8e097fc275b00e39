// TURN (RFC 8656) in real Chromium: a participant whose peer connection may use relays only meets an unrestricted one through TURN over UDP, and one who can reach nothing but an HTTP proxy (tinyproxy, CONNECT to the HTTPS port only) meets one through TURN over TLS on the HTTPS port; everyone sees and hears everyone, and the path each used is read from getStats() (relay candidate, relayProtocol). Each browser runs in its own network namespace joined to the server's by its own veth (recipe of tests/e2e/ice_tcp.test.mjs; docs/architecture.md "TURN").

import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { inboundStats, joinRoom, launchChromium, newChromiumPage, sessionState, waitFor } from './browsers.mjs';

const binary = process.env.VICOS_BINARY;
const serverIp = '127.0.100.1';
const port = 8744;
const mediaPort = 40700;
const turnPort = 3479;
const proxyPort = 8888;
const base = `https://${serverIp}:${port}`;
const tag = process.pid.toString(36);
const serverNs = `vturn-s-${tag}`;
const kTinyproxy = '/usr/bin/tinyproxy';

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
  const ns = `vturn-${index}-${tag}`;
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
  chmodSync(wrapper, 0o755);
  return { ns, wrapper, address: `127.0.${index}.2` };
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
 * Only `protocol` to `dport` of the server passes between the participant's namespace and the
 * server's, both ways; everything else to or from the server is dropped.
 * @param {{ns: string, address: string}} participant
 * @param {'tcp' | 'udp'} protocol
 * @param {number} dport
 */
function allowOnly({ ns, address }, protocol, dport) {
  const rules = [[ns, 'dport', serverIp], [serverNs, 'sport', address]];
  for (const [space, direction, to] of rules) {
    ip('netns', 'exec', space, 'ip', 'rule', 'add', 'ipproto', protocol, direction, String(dport), 'to', to, 'lookup',
      'main', 'priority', '100');
    ip('netns', 'exec', space, 'ip', 'rule', 'add', 'to', to, 'blackhole', 'priority', '101');
  }
}

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
  /** @type {string[]} */
  const namespaces = [serverNs];
  const dir = mkdtempSync(join(tmpdir(), 'vicos-turn-'));
  let log = '';

  before(async () => {
    ip('netns', 'add', serverNs);
    routableLoopback(serverNs);
    ip('netns', 'exec', serverNs, 'ip', 'addr', 'add', `${serverIp}/32`, 'dev', 'lo');
    const config = join(dir, 'vicos.toml');
    writeFileSync(config, `[turn]\nport = ${turnPort}\n`);
    server = spawn('ip', ['netns', 'exec', serverNs, /** @type {string} */ (binary), 'serve', '--config', config,
      '--listen', serverIp, '--port', String(port), '--media-ip', serverIp, '--media-port', String(mediaPort),
      '--data-dir', join(dir, 'data'), '--room-policy', 'open', '--metrics-listen', ''],
    { stdio: ['ignore', 'ignore', 'pipe'] });
    server.stderr?.on('data', (chunk) => { log += chunk; });
    // The proxy a company network would give: CONNECT to the HTTPS port only.
    const proxyConfig = join(dir, 'tinyproxy.conf');
    writeFileSync(proxyConfig, [`Port ${proxyPort}`, `Listen ${serverIp}`, 'Timeout 600', 'MaxClients 50',
      'Allow 127.0.0.0/8', 'ConnectPort ' + port, 'LogLevel Critical', ''].join('\n'));
    proxy = spawn('ip', ['netns', 'exec', serverNs, kTinyproxy, '-d', '-c', proxyConfig],
      { stdio: ['ignore', 'ignore', 'ignore'] });
    await waitFor(() => log.includes('listening on https'), { timeout: 15_000, message: `the server starts (${log})` });
  });

  after(async () => {
    for (const browser of browsers) await browser.close();
    server?.kill('SIGTERM');
    proxy?.kill('SIGTERM');
    for (const ns of namespaces) deleteNamespace(ns);
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Ulla (restricted) and Otto (unrestricted) meet in a new room; both see and hear each other.
   * @param {import('playwright-core').Page} a
   * @param {import('playwright-core').Page} b
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
      }, { timeout: 60_000, message: `${who}'s video and audio` });
    }
    await waitFor(async () => (await sessionState(a)).mediaPath !== null, { message: 'Ulla\'s path is read' });
    const paths = [await relayPath(a), await relayPath(b)];
    await a.close();
    await b.close();
    return paths;
  }

  test('Chromium whose peer connection may use relays only meets an unrestricted one over TURN/UDP', async () => {
    const relayOnly = participantNamespace(1, dir);
    const open = participantNamespace(2, dir);
    namespaces.push(relayOnly.ns, open.ns);
    for (const p of [relayOnly, open]) browsers.push(await launchChromium({ executablePath: p.wrapper }));
    const [a, b] = await meet(await relayOnlyPage(browsers[0]), await newChromiumPage(browsers[1]), 'relay-udp');
    assert.deepEqual(a, { type: 'relay', relayProtocol: 'udp', shown: 'turn-udp' }, 'Ulla relays over TURN/UDP');
    assert.equal(b.type, 'host', 'Otto, unrestricted, goes direct');
  });

  test('Chromium that reaches only an HTTP proxy meets an unrestricted one over TURN/TLS', async () => {
    const proxied = participantNamespace(3, dir);
    namespaces.push(proxied.ns);
    allowOnly(proxied, 'tcp', proxyPort);
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
