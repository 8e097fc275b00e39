// Abuse suite, login flood (security audit, issue 12, finding 7), against a real server at VICOS_URL: for four seconds logins come from a new address each time, while a normal client's `join` must be answered within the budget and the organizer must still get in afterwards.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { budgetMs, request, roundTrips, watchSignaling } from './probe.mjs';

const organizer = process.env.VICOS_ORGANIZER_LOGIN ?? 'organizer';
const password = process.env.VICOS_ORGANIZER_PASSWORD ?? '';

describe('login flood from rotating addresses', { timeout: 60_000 }, () => {
  test('signaling and health checks stay quick while passwords are checked', async (t) => {
    const until = performance.now() + 4000;
    const probe = watchSignaling('127.0.0.2', until);
    /** @type {Record<string, number>} */
    const answers = {};
    // An unknown login costs the same Argon2id check as a real one, and leaves the organizer's
    // account (which later tests use) unthrottled.
    const body = JSON.stringify({ login: 'nobody-abuse', password: 'wrong password' });
    // Eight attackers, each sending its next login as soon as one is answered, after a refusal
    // 200 ms later: some 40 logins a second, ten times what one password worker checks, while
    // the TLS handshakes stay few enough to measure the logins rather than a handshake flood.
    const attackers = Array.from({ length: 8 }, async (_, i) => {
      for (let n = 0; performance.now() < until; ++n) {
        const { status } = await request(`127.0.${10 + i}.${1 + (n % 250)}`, '/api/login', { method: 'POST', body });
        answers[status] = (answers[status] ?? 0) + 1;
        if (status !== 401) await new Promise((resolve) => setTimeout(resolve, 200));
      }
    });
    const health = [];
    while (performance.now() < until) {
      health.push((await request('127.0.0.3', '/healthz')).ms);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await Promise.all(attackers);
    const times = await probe;

    t.diagnostic(`answers ${JSON.stringify(answers)}; join round trips ${roundTrips(times)}; `
      + `health checks ${roundTrips(health)}`);
    assert.ok((answers[401] ?? 0) >= 3, `the flood kept the password worker busy: ${JSON.stringify(answers)}`);
    assert.ok((answers[503] ?? 0) > 0, `a full queue is answered 503 at once: ${JSON.stringify(answers)}`);
    assert.ok(times.length >= 5, `only ${times.length} round trips measured`);
    assert.ok(Math.max(...times) < budgetMs, `signaling round trips ${roundTrips(times)}`);
    assert.ok(Math.max(...health) < budgetMs, `health checks ${roundTrips(health)}`);
  });

  test('the organizer still logs in afterwards', async () => {
    assert.ok(password !== '', 'run.sh exports VICOS_ORGANIZER_PASSWORD');
    const body = JSON.stringify({ login: organizer, password });
    let status = 0;
    for (let i = 0; i < 10 && status !== 200; ++i) {
      ({ status } = await request('127.0.0.4', '/api/login', { method: 'POST', body }));
      if (status === 503) await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    assert.equal(status, 200);
  });
});
