// Abuse suite, join floods (security audit, issue 12, findings 4 and 10), against real servers: sockets that join fresh rooms and drop before their media connects leave nothing behind, and squatters on a known room name cannot keep its organizer out, while a normal client's `join` is answered within the budget.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import WebSocket from 'ws';
import { budgetMs, openSocket, request, roundTrips, watchSignaling } from './probe.mjs';

const organizerUrl = (process.env.VICOS_ORGANIZER_URL ?? 'https://127.0.0.1:8444').replace(/\/+$/, '');
const organizer = process.env.VICOS_ORGANIZER_LOGIN ?? 'organizer';
const password = process.env.VICOS_ORGANIZER_PASSWORD ?? '';
/** The servers' defaults (docs/security.md "The door"). */
const kMaxRooms = 500;
const kMaxWaiting = 20;

/**
 * Sends `join` on an open socket and resolves with the first answer's type (`joined`,
 * `waiting` or an error code), or 'timeout'.
 * @param {WebSocket} ws
 * @param {string} room
 * @returns {Promise<string>}
 */
function join(ws, room) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), 5000);
    ws.on('message', (data) => {
      const message = JSON.parse(String(data));
      if (!['joined', 'waiting', 'error'].includes(message.type)) return;
      clearTimeout(timer);
      resolve(message.type === 'error' ? message.code : message.type);
    });
    ws.send(JSON.stringify({ type: 'join', version: 1, room, name: 'Flood' }));
  });
}

describe('join floods', { timeout: 120_000 }, () => {
  test('more join-then-drop cycles than the room cap leave no room behind', async (t) => {
    const until = performance.now() + 15_000;
    const probe = watchSignaling('127.0.0.2', performance.now() + 5000);
    let cycles = 0;
    /** @type {Record<string, number>} */
    const answers = {};
    // Four addresses, each cycling as fast as the server answers: join a new room, then drop the
    // socket without `leave`, before any media could connect.
    await Promise.all([1, 2, 3, 4].map(async (i) => {
      while (cycles < kMaxRooms + 100 && performance.now() < until) {
        const ws = await openSocket(`127.0.1.${i}`);
        const answer = await join(ws, `flood-${randomBytes(6).toString('hex')}`);
        answers[answer] = (answers[answer] ?? 0) + 1;
        ws.terminate();
        ++cycles;
      }
    }));
    const times = await probe;
    t.diagnostic(`${cycles} cycles, answers ${JSON.stringify(answers)}; join round trips ${roundTrips(times)}`);
    assert.ok(cycles > kMaxRooms, `only ${cycles} cycles in 15 s`);
    assert.deepEqual(Object.keys(answers), ['joined'], 'every cycle got in: no room was left behind');
    assert.ok(Math.max(...times) < budgetMs, `signaling round trips ${roundTrips(times)}`);
  });

  test('squatters on a known room name fill only its waiting list; the organizer gets in', async () => {
    assert.ok(password !== '', 'run.sh exports VICOS_ORGANIZER_PASSWORD');
    const room = `squat-${randomBytes(6).toString('hex')}`;
    const orgWs = organizerUrl.replace(/^https:/, 'wss:') + '/ws';
    const squatters = await Promise.all(Array.from({ length: 50 }, () => new Promise((resolve, reject) => {
      const ws = new WebSocket(orgWs, { localAddress: '127.0.2.1', rejectUnauthorized: false });
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
    })));
    try {
      const answers = await Promise.all(squatters.map((ws) => join(/** @type {WebSocket} */ (ws), room)));
      assert.equal(answers.filter((a) => a === 'waiting').length, kMaxWaiting);
      assert.equal(answers.filter((a) => a === 'waiting-full').length, 50 - kMaxWaiting);

      const body = JSON.stringify({ login: organizer, password });
      const login = await request('127.0.2.2', '/api/login', { method: 'POST', body, base: organizerUrl });
      assert.equal(login.status, 200);
      const ws = await new Promise((resolve, reject) => {
        const socket = new WebSocket(orgWs, { headers: { Cookie: String(login.cookie) }, rejectUnauthorized: false });
        socket.once('open', () => resolve(socket));
        socket.once('error', reject);
      });
      const sent = performance.now();
      assert.equal(await join(/** @type {WebSocket} */ (ws), room), 'joined');
      assert.ok(performance.now() - sent < budgetMs, 'the organizer is answered within the budget');
      /** @type {WebSocket} */ (ws).close();
    } finally {
      for (const ws of squatters) /** @type {WebSocket} */ (ws).terminate();
    }
  });
});
