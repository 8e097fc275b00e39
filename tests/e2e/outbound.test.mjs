// P28, P32: the running server opens no connection to anyone but the browsers that talk to it. The real binary runs in a network namespace of its own whose default route leads to a tap that records every TCP or UDP packet and ARP request leaving it, while a real meeting (two Chromium pages with media, chat, an organizer login and the privacy report) goes through it over a separate link.
//
// Topology (all created here, removed afterwards):
//   this namespace 10.200.0.1 ──veth── 10.200.0.2 server namespace ──default route──▶ tap (recorded)
// A configured peer (Redis, PostgreSQL, an OIDC issuer, an external TURN server) would be the one
// destination this test allows, once such a setting exists; today there is none.

import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';
import { joinEveryone, inboundStats, launchChromium, sendChat, waitFor, en } from './browsers.mjs';

const binary = process.env.VICOS_BINARY;
const ns = `vicos-out-${process.pid}`;
const serverIp = '10.200.0.2';
const port = 8643;
const base = `https://${serverIp}:${port}`;
const login = 'olga';
const password = 'correct horse battery staple';

/** @param {string[]} args */
const ip = (...args) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
/** @param {string[]} args */
const inNs = (...args) => ip('netns', 'exec', ns, ...args);

/** The server's namespace: a link to this one, and a default route into the recorded tap. */
function createNamespace() {
  ip('netns', 'add', ns);
  inNs('ip', 'link', 'set', 'lo', 'up');
  ip('link', 'add', 'vout-c', 'type', 'veth', 'peer', 'name', 'vout-s', 'netns', ns);
  ip('addr', 'add', '10.200.0.1/30', 'dev', 'vout-c');
  ip('link', 'set', 'vout-c', 'up');
  inNs('ip', 'addr', 'add', `${serverIp}/30`, 'dev', 'vout-s');
  inNs('ip', 'link', 'set', 'vout-s', 'up');
  // The way out: every other destination, IPv4 and IPv6, goes to the tap. The gateways'
  // neighbour entries are permanent, so a connection attempt shows as its own first packet.
  inNs('ip', 'link', 'add', 'world', 'type', 'veth', 'peer', 'name', 'tap');
  for (const dev of ['tap', 'vout-s']) inNs('sysctl', '-qw', `net.ipv6.conf.${dev}.disable_ipv6=1`);
  inNs('ip', 'link', 'set', 'world', 'addrgenmode', 'none');
  inNs('ip', 'addr', 'add', '198.51.100.1/24', 'dev', 'world');
  inNs('ip', '-6', 'addr', 'add', '2001:db8:77::1/64', 'dev', 'world', 'nodad');
  inNs('ip', 'link', 'set', 'tap', 'up');
  inNs('ip', 'link', 'set', 'world', 'up');
  const tapMac = execFileSync('ip', ['netns', 'exec', ns, 'cat', '/sys/class/net/tap/address'], { encoding: 'utf8' }).trim();
  inNs('ip', 'neigh', 'replace', '198.51.100.2', 'lladdr', tapMac, 'dev', 'world', 'nud', 'permanent');
  inNs('ip', '-6', 'neigh', 'replace', '2001:db8:77::2', 'lladdr', tapMac, 'dev', 'world', 'nud', 'permanent');
  inNs('ip', 'route', 'add', 'default', 'via', '198.51.100.2', 'dev', 'world');
  inNs('ip', '-6', 'route', 'add', 'default', 'via', '2001:db8:77::2', 'dev', 'world');
  // Name lookups in the namespace go out through the tap too (`ip netns exec` mounts this file
  // over /etc/resolv.conf), even where the machine's resolver is a local stub.
  mkdirSync(`/etc/netns/${ns}`, { recursive: true });
  writeFileSync(`/etc/netns/${ns}/resolv.conf`, 'nameserver 192.0.2.53\n');
}

function deleteNamespace() {
  try { ip('link', 'del', 'vout-c'); } catch { /* gone with the namespace */ }
  try { ip('netns', 'del', ns); } catch { /* never created */ }
  rmSync(`/etc/netns/${ns}`, { recursive: true, force: true });
}

/** Starts the tap's recorder; resolves once it listens. */
async function startCapture() {
  const child = spawn('ip', ['netns', 'exec', ns, '/usr/bin/python3', '-u',
    new URL('./outbound_capture.py', import.meta.url).pathname, 'tap'], { stdio: ['ignore', 'pipe', 'inherit'] });
  /** @type {{proto: string, dst: string, port?: number}[]} */
  const seen = [];
  const lines = createInterface({ input: /** @type {import('node:stream').Readable} */ (child.stdout) });
  await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`capture exited with ${code}`)));
    lines.on('line', (line) => {
      if (line === 'ready') resolve(undefined);
      else seen.push(JSON.parse(line));
    });
  });
  return { child, seen };
}

describe('outbound connections of the server (P28, P32)', { skip: !binary && 'VICOS_BINARY not set (tests/e2e/run.sh sets it)', timeout: 120_000 }, () => {
  /** @type {import('node:child_process').ChildProcess | undefined} */
  let server;
  /** @type {Awaited<ReturnType<typeof startCapture>> | undefined} */
  let capture;
  /** @type {import('playwright-core').Browser | undefined} */
  let browser;
  const dir = mkdtempSync(join(tmpdir(), 'vicos-outbound-'));

  before(async () => {
    deleteNamespace();
    createNamespace();
    capture = await startCapture();
  });

  after(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
    capture?.child.kill('SIGTERM');
    deleteNamespace();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the tap sees a connection attempt, a datagram and a name lookup from the namespace', async () => {
    const probe = `
      const net = require('node:net'), dgram = require('node:dgram'), dns = require('node:dns');
      net.connect(443, '203.0.113.9').on('error', () => {});
      const u = dgram.createSocket('udp6'); u.send('x', 3478, '2001:db8:5::9', () => u.close());
      dns.lookup('vicos-probe.example', () => {});
      setTimeout(() => process.exit(0), 1500);`;
    execFileSync('ip', ['netns', 'exec', ns, process.execPath, '-e', probe]);
    const c = /** @type {NonNullable<typeof capture>} */ (capture);
    await waitFor(() => c.seen.length >= 3, { timeout: 5000, message: 'the probe recorded' });
    assert.ok(c.seen.some((s) => s.proto === 'tcp' && s.dst === '203.0.113.9' && s.port === 443), JSON.stringify(c.seen));
    assert.ok(c.seen.some((s) => s.proto === 'udp' && s.dst === '2001:db8:5::9'), JSON.stringify(c.seen));
    assert.ok(c.seen.some((s) => s.proto === 'udp' && s.dst === '192.0.2.53' && s.port === 53), JSON.stringify(c.seen));
  });

  test('a meeting with media, chat, a login and the privacy report opens nothing outward', async () => {
    const c = /** @type {NonNullable<typeof capture>} */ (capture);
    const data = join(dir, 'data');
    execFileSync('ip', ['netns', 'exec', ns, /** @type {string} */ (binary), 'user', 'add', login, '--data-dir', data],
      { input: `${password}\n` });
    await new Promise((resolve) => setTimeout(resolve, 1500));  // any stragglers of the probe
    c.seen.length = 0;
    server = spawn('ip', ['netns', 'exec', ns, /** @type {string} */ (binary), 'serve', '--turn-port', '0', '--listen', serverIp,
      '--port', String(port), '--media-ip', serverIp, '--media-port', '40400', '--data-dir', data,
      '--room-policy', 'open', '--metrics-listen', '127.0.0.1:9464'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    server.stderr?.on('data', (chunk) => { log += chunk; });
    await waitFor(() => log.includes('listening on https'), { timeout: 15_000, message: `the server starts (${log})` });

    browser = await launchChromium();
    const room = `outbound-${process.pid}`;
    const secret = createHash('sha256').update(room).digest().subarray(0, 16).toString('base64url');
    const link = `${base}/${room}#k=${secret}`;
    const { pages, ids } = await joinEveryone(browser, room, ['Ada', 'Ben'], () => ({ link }));
    await waitFor(async () => ((await inboundStats(pages[1]))[ids[0]]?.framesDecoded ?? 0) > 10,
      { message: 'Ben decodes Ada\'s video' });
    await sendChat(pages[0], 'hello', en['chat.to-everyone']);
    const status = await pages[1].evaluate(async ([l, p]) => (await fetch('/api/login', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: l, password: p }),
    })).status, [login, password]);
    assert.equal(status, 200);
    const report = await pages[1].evaluate(async () => (await fetch('/api/privacy-report/en')).json());
    assert.ok(report.categories.length > 10);
    execFileSync('ip', ['netns', 'exec', ns, process.execPath, '-e',
      "require('node:http').get('http://127.0.0.1:9464/metrics', (r) => process.exit(r.statusCode === 200 ? 0 : 1))"]);
    await pages[0].close();  // a departure, and the room's end with the second
    await pages[1].close();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    assert.deepEqual(c.seen, [], 'the server opened connections to somewhere other than its clients');
  });
});
