// Abuse suite, connection flood (security audit, issue 12, finding 6), against a real server at VICOS_URL started with its default limits: one address opens WebSockets and HTTPS connections beyond its share and sends half frames, while a normal client on another address must still get `joined` within the budget.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import tls from 'node:tls';
import { baseUrl, budgetMs, closeCode, openSocket, request, roundTrips, watchSignaling } from './probe.mjs';

/** The server's defaults (docs/security.md "Connections, logins and sessions"). */
const kWebSocketsPerAddress = 100;
const kConnectionsPerAddress = 256;
const kJoinTimeoutMs = 10_000;

/**
 * A masked text frame header announcing `length` bytes, then `sent` of them (RFC 6455 5.2).
 * @param {number} length
 * @param {number} sent
 */
function halfFrame(length, sent) {
  const header = Buffer.alloc(14);
  header[0] = 0x81;
  header[1] = 0x80 | 127;
  header.writeBigUInt64BE(BigInt(length), 2);
  return Buffer.concat([header, Buffer.alloc(sent, 0x78)]);  // masking key 0, payload 'x'
}

describe('connection flood from one address', { timeout: 60_000 }, () => {
  test('WebSockets over the per-address limit are refused, half-sent frames closed, signaling stays quick', async (t) => {
    const until = performance.now() + 4000;
    const probe = watchSignaling('127.0.0.2', until);
    const attempts = await Promise.allSettled(Array.from({ length: kWebSocketsPerAddress + 50 }, () => openSocket('127.0.0.1')));
    const open = attempts.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
    const refused = attempts.filter((a) => a.status === 'rejected' && a.reason.status === 503);
    /** @type {number[]} */
    let times = [];
    /** @type {(number | null)[]} */
    let closed = [];
    try {
      // Each announces a 250,000-byte frame and sends a little of it: refused from the header.
      // (ws has no API for a partial frame; its TLS socket takes raw bytes.)
      const codes = open.map((ws) => closeCode(ws, 3000));
      for (const ws of open) /** @type {any} */ (ws)._socket.write(halfFrame(250_000, 1000));
      closed = await Promise.all(codes);
      times = await probe;
    } finally {
      for (const ws of open) ws.terminate();
    }
    t.diagnostic(`accepted ${open.length}, refused ${refused.length}; join round trips ${roundTrips(times)}`);
    assert.ok(open.length <= kWebSocketsPerAddress, `${open.length} WebSockets accepted from one address`);
    assert.equal(open.length + refused.length, attempts.length, 'every refusal is a 503 at the upgrade');
    assert.deepEqual(new Set(closed), new Set([1009]), 'half-sent large frames are refused at their header');
    assert.ok(times.length >= 5, `only ${times.length} round trips measured`);
    assert.ok(Math.max(...times) < budgetMs, `signaling round trips ${roundTrips(times)}`);
  });

  test('sockets that never join are closed after the join timeout', { timeout: kJoinTimeoutMs + 10_000 }, async () => {
    const idle = await Promise.all(Array.from({ length: 20 }, () => openSocket('127.0.0.3')));
    const codes = await Promise.all(idle.map((ws) => closeCode(ws, kJoinTimeoutMs + 5000)));
    for (const ws of idle) ws.terminate();
    assert.deepEqual(new Set(codes), new Set([1008]));
  });

  test('HTTPS connections over the per-address limit are refused; health checks from elsewhere stay quick', async (t) => {
    const { hostname, port } = new URL(baseUrl);
    const sockets = [];
    const handshakes = Array.from({ length: kConnectionsPerAddress + 44 }, () => new Promise((resolve) => {
      const socket = tls.connect({ host: hostname, port: Number(port), localAddress: '127.0.0.4', rejectUnauthorized: false });
      sockets.push(socket);
      socket.once('secureConnect', () => resolve(true));
      socket.once('error', () => resolve(false));
      socket.once('close', () => resolve(false));
    }));
    try {
      const established = (await Promise.all(handshakes)).filter(Boolean).length;
      assert.ok(established <= kConnectionsPerAddress, `${established} idle connections held from one address`);
      const health = [];
      for (let i = 0; i < 10; ++i) health.push((await request('127.0.0.5', '/healthz')).ms);
      t.diagnostic(`held ${established} connections; health checks ${roundTrips(health)}`);
      assert.ok(Math.max(...health) < budgetMs, `health checks ${roundTrips(health)}`);
    } finally {
      for (const socket of sockets) socket.destroy();
    }
  });
});
