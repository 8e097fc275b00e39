// Real links for e2e tests: a server network namespace and one namespace per participant, joined by its own veth, on loopback-range addresses only; a participant's downlink or uplink can be shaped (tc tbf) or its UDP cut off (routing rules).

import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { inboundStats, joinRoom, sessionState, waitFor } from './browsers.mjs';

const kFirefoxBridge = fileURLToPath(new URL('./netns_firefox.mjs', import.meta.url));

/** @param {string[]} args */
export function ip(...args) {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/**
 * Lets 127/8 addresses other than 127.0.0.1 travel between namespaces: only 127.0.0.1 stays
 * local, martians are allowed, IPv6 is off.
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
 * @typedef {{ns: string, link: string, device: string, wrapper: string, firefox: string, address: string}} Participant
 *   `link`: the server side of its veth, where its downlink is shaped; `device`: its own side,
 *   where its uplink is.
 */

/**
 * Limits what leaves `device` like a home router's queue: a token bucket of `kbit` kbit/s with
 * 100 ms of queue, beyond which packets are dropped.
 * @param {string} ns
 * @param {string} device
 * @param {number} kbit
 */
function shape(ns, device, kbit) {
  ip('netns', 'exec', ns, 'tc', 'qdisc', 'replace', 'dev', device, 'root', 'tbf', 'rate', `${kbit}kbit`,
    'burst', '15kb', 'latency', '100ms');
}

/**
 * @param {string} ns
 * @param {string} device
 */
function unshape(ns, device) {
  ip('netns', 'exec', ns, 'tc', 'qdisc', 'del', 'dev', device, 'root');
}

/**
 * The server's namespace with `serverIp` on its loopback; participants are added with
 * `participant()`, and `close()` deletes every namespace.
 * @param {string} prefix a few letters naming the test, unique among concurrent tests
 * @param {string} serverIp e.g. 127.0.100.1
 */
export function createLinks(prefix, serverIp) {
  const tag = process.pid.toString(36);
  const serverNs = `${prefix}-s-${tag}`;
  /** @type {string[]} */
  const namespaces = [serverNs];
  ip('netns', 'add', serverNs);
  routableLoopback(serverNs);
  ip('netns', 'exec', serverNs, 'ip', 'addr', 'add', `${serverIp}/32`, 'dev', 'lo');

  return {
    serverNs,
    tag,

    /**
     * A participant's namespace, its veth to the server's (server side 127.0.I.1, its own
     * 127.0.I.2) and wrappers that start Chromium or Firefox inside it.
     * @param {number} index
     * @param {string} dir where the wrappers are written
     * @returns {Participant}
     */
    participant(index, dir) {
      const ns = `${prefix}-${index}-${tag}`;
      const [mine, theirs] = [`c${index}`, `s${index}`];
      ip('netns', 'add', ns);
      namespaces.push(ns);
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
      return { ns, link: theirs, device: mine, wrapper, firefox, address: `127.0.${index}.2` };
    },

    /**
     * No UDP leaves the participant's namespace, and none reaches it from the server's.
     * @param {Participant} p
     */
    dropUdp(p) {
      ip('netns', 'exec', p.ns, 'ip', 'rule', 'add', 'ipproto', 'udp', 'blackhole');
      ip('netns', 'exec', serverNs, 'ip', 'rule', 'add', 'ipproto', 'udp', 'to', p.address, 'blackhole');
    },

    /**
     * Only `protocol` to `dport` of the server passes between the participant's namespace and
     * the server's, both ways; everything else to or from the server is dropped.
     * @param {Participant} p
     * @param {'tcp' | 'udp'} protocol
     * @param {number} dport
     */
    allowOnly(p, protocol, dport) {
      const rules = [[p.ns, 'dport', serverIp], [serverNs, 'sport', p.address]];
      for (const [space, direction, to] of rules) {
        ip('netns', 'exec', space, 'ip', 'rule', 'add', 'ipproto', protocol, direction, String(dport), 'to', to,
          'lookup', 'main', 'priority', '100');
        ip('netns', 'exec', space, 'ip', 'rule', 'add', 'to', to, 'blackhole', 'priority', '101');
      }
    },

    /**
     * Limits what reaches the participant (its downlink) to `kbit` kbit/s (see shape()).
     * @param {Participant} p
     * @param {number} kbit
     */
    shapeDownlink(p, kbit) {
      shape(serverNs, p.link, kbit);
    },

    /** @param {Participant} p */
    unshapeDownlink(p) {
      unshape(serverNs, p.link);
    },

    /**
     * Drops `percent` % of the packets that reach the participant (its downlink), at random,
     * as a poor Wi-Fi or mobile link does: an nftables rule on the server's side of its veth
     * (this kernel has no netem).
     * @param {Participant} p
     * @param {number} percent
     */
    loseOnDownlink(p, percent) {
      const table = `loss_${p.link}`;
      ip('netns', 'exec', serverNs, 'nft', 'add', 'table', 'inet', table);
      ip('netns', 'exec', serverNs, 'nft', 'add', 'chain', 'inet', table, 'out',
        '{ type filter hook postrouting priority 0; }');
      ip('netns', 'exec', serverNs, 'nft', 'add', 'rule', 'inet', table, 'out', 'oifname', p.link,
        'numgen', 'random', 'mod', '100', '<', String(percent), 'drop');
    },

    /**
     * Limits what the participant sends (its uplink) to `kbit` kbit/s (see shape()).
     * @param {Participant} p
     * @param {number} kbit
     */
    shapeUplink(p, kbit) {
      shape(p.ns, p.device, kbit);
    },

    /** @param {Participant} p */
    unshapeUplink(p) {
      unshape(p.ns, p.device);
    },

    /**
     * Starts `vicos serve` in the server's namespace on `serverIp` (open rooms, no metrics
     * listener) with `args` added, and waits until it listens.
     * @param {string} binary
     * @param {{port: number, mediaPort: number, dataDir: string, args?: string[]}} options
     */
    async startServer(binary, { port, mediaPort, dataDir, args = [] }) {
      const server = spawn('ip', ['netns', 'exec', serverNs, binary, 'serve', '--listen', serverIp, '--port',
        String(port), '--media-ip', serverIp, '--media-port', String(mediaPort), '--data-dir', dataDir,
        '--room-policy', 'open', '--metrics-listen', '', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
      let log = '';
      server.stderr?.on('data', (chunk) => { log += chunk; });
      await waitFor(() => log.includes('listening on https'), { timeout: 15_000, message: `the server starts (${log})` });
      return server;
    },

    close() {
      for (const ns of namespaces) deleteNamespace(ns);
    },
  };
}

/**
 * The set-up of a suite on real links, registered with node:test's before() and after(): a
 * scratch directory, the namespaces and `vicos serve` (options as for startServer()) before the
 * tests; after them the browsers the tests put in `browsers` and `firefox`, the server, the
 * namespaces and the directory go. `links` and `server` are set once before() has run.
 * @param {string} prefix as for createLinks()
 * @param {string} serverIp
 * @param {{port: number, mediaPort: number, args?: string[]}} serverOptions
 */
export function linkedSuite(prefix, serverIp, serverOptions) {
  const suite = {
    dir: mkdtempSync(join(tmpdir(), `vicos-${prefix}-`)),
    /** @type {ReturnType<typeof createLinks>} */
    links: /** @type {any} */ (undefined),
    /** @type {import('node:child_process').ChildProcess | undefined} */
    server: undefined,
    /** @type {import('playwright-core').Browser[]} */
    browsers: [],
    /** @type {import('puppeteer-core').Browser | undefined} */
    firefox: undefined,
  };
  before(async () => {
    suite.links = createLinks(prefix, serverIp);
    suite.server = await suite.links.startServer(/** @type {string} */ (process.env.VICOS_BINARY),
      { ...serverOptions, dataDir: join(suite.dir, 'data') });
  });
  after(async () => {
    await suite.firefox?.close();
    for (const browser of suite.browsers) await browser.close();
    suite.server?.kill('SIGTERM');
    suite.links?.close();
    rmSync(suite.dir, { recursive: true, force: true });
  });
  return suite;
}

/**
 * A link to `room` on `base` with a key derived from the room's name (the tests' own rooms).
 * @param {string} base
 * @param {string} room
 */
export function keyedRoomLink(base, room) {
  const secret = createHash('sha256').update(room).digest().subarray(0, 16).toString('base64url');
  return `${base}/${room}#k=${secret}`;
}

/**
 * Ulla (restricted) and Otto (unrestricted) meet in `room`; waits until both see and hear each
 * other and returns their participant ids.
 * @param {any} a Ulla's page (playwright-core or puppeteer-core)
 * @param {any} b Otto's page
 * @param {string} base
 * @param {string} room
 * @param {number} timeout for each one's video and audio
 */
export async function meetTwo(a, b, base, room, timeout) {
  const link = keyedRoomLink(base, room);
  const aId = await joinRoom(a, room, 'Ulla', { link });
  const bId = await joinRoom(b, room, 'Otto', { link });
  await waitFor(async () => (await sessionState(a)).participants.length === 1, { message: 'Ulla sees Otto' });
  for (const [page, from, who] of [[a, bId, 'Ulla receives Otto'], [b, aId, 'Otto receives Ulla']]) {
    await waitFor(async () => {
      const s = (await inboundStats(page))[from];
      return s && s.framesDecoded > 20 && s.audioPackets > 50;
    }, { timeout, message: `${who}'s video and audio` });
  }
  return [aId, bId];
}
