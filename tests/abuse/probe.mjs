// Helpers of the abuse suite: a normal client's signaling round trip and health check, timed from source addresses of the attacker's choosing (every address of 127.0.0.0/8 reaches the server on loopback).

import { randomBytes } from 'node:crypto';
import https from 'node:https';
import WebSocket from 'ws';

/** Where the server under test is; tests/e2e/run.sh sets it. */
export const baseUrl = (process.env.VICOS_URL ?? 'https://127.0.0.1:8443').replace(/\/+$/, '');
export const wsUrl = `${baseUrl.replace(/^https:/, 'wss:')}/ws`;
/** How long a normal client's signaling may take while the server is under attack. */
export const budgetMs = Number(process.env.VICOS_ABUSE_BUDGET_MS ?? 100);

/**
 * Opens a signaling WebSocket from `localAddress`. Resolves with the open socket; rejects with
 * the upgrade's HTTP status (e.g. 503 over the per-address limit) or the network error.
 * @param {string} localAddress
 * @returns {Promise<WebSocket>}
 */
export function openSocket(localAddress) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl, { localAddress, rejectUnauthorized: false, handshakeTimeout: 5000 });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => {
      reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode }));
      res.resume();
      ws.terminate();
    });
    ws.once('error', (error) => reject(error));
  });
}

/**
 * Resolves with the close code once the server closes `ws`, or null after `timeoutMs`.
 * @param {WebSocket} ws
 * @param {number} timeoutMs
 * @returns {Promise<number | null>}
 */
export function closeCode(ws, timeoutMs) {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve(null);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), timeoutMs);
    ws.once('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/**
 * A normal participant from `localAddress`: opens a socket, joins a fresh room, and returns the
 * milliseconds from `join` to `joined` (or `waiting`). The socket is closed afterwards.
 * @param {string} localAddress
 * @returns {Promise<number>}
 */
export async function joinRoundTrip(localAddress) {
  const ws = await openSocket(localAddress);
  try {
    const room = `abuse-${randomBytes(6).toString('hex')}`;
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no joined within 5 s')), 5000);
      const sent = performance.now();
      ws.on('message', (data) => {
        const type = JSON.parse(String(data)).type;
        if (type !== 'joined' && type !== 'waiting') return;
        clearTimeout(timer);
        resolve(performance.now() - sent);
      });
      ws.send(JSON.stringify({ type: 'join', version: 1, room, name: 'Probe' }));
    });
  } finally {
    ws.send(JSON.stringify({ type: 'leave' }));
    ws.close(1000);
  }
}

/**
 * One HTTPS request on a new connection from `localAddress`, to the server at `base`.
 * @param {string} localAddress
 * @param {string} path
 * @param {{method?: string, body?: string, base?: string}} [options]
 * @returns {Promise<{status: number, ms: number, retryAfter: string | undefined,
 *   cookie: string | undefined}>} `cookie`: the first Set-Cookie's name=value
 */
export function request(localAddress, path, { method = 'GET', body, base = baseUrl } = {}) {
  const url = new URL(path, base);
  const headers = body === undefined ? {} : { 'Content-Type': 'application/json', Origin: base };
  return new Promise((resolve, reject) => {
    const begin = performance.now();
    const req = https.request(url, { method, headers, localAddress, rejectUnauthorized: false, agent: false, timeout: 10_000 },
      (res) => {
        res.resume();
        res.on('end', () => resolve({
          status: res.statusCode ?? 0, ms: performance.now() - begin, retryAfter: res.headers['retry-after'],
          cookie: res.headers['set-cookie']?.[0]?.split(';')[0],
        }));
      });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Runs a normal client's signaling round trip every `everyMs` from `localAddress` until `until`
 * (a performance.now() time); the measured milliseconds.
 * @param {string} localAddress
 * @param {number} until
 * @param {number} [everyMs]
 * @returns {Promise<number[]>}
 */
export async function watchSignaling(localAddress, until, everyMs = 250) {
  const times = [];
  while (performance.now() < until) {
    times.push(await joinRoundTrip(localAddress));
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return times;
}

/**
 * "median 12 ms, max 40 ms (n = 9)" for a list of milliseconds.
 * @param {number[]} times
 */
export function roundTrips(times) {
  if (times.length === 0) return 'none measured';
  const sorted = [...times].sort((a, b) => a - b);
  const median = Math.round(sorted[Math.floor(sorted.length / 2)]);
  return `median ${median} ms, max ${Math.round(sorted[sorted.length - 1])} ms (n = ${times.length})`;
}
