// Abuse suite, NACK flood (security audit, issue 12, finding 1), against a real server at VICOS_URL: a participant of a real media session (vicos-loadtest --attack nack-flood) asks for thousands of retransmissions a second, while a normal client's `join` must be answered within the budget and the server must send back little more than it was asked for once.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { baseUrl, budgetMs, roundTrips, watchSignaling } from './probe.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The load tool built beside the server under test (scripts/test.sh sets it). */
const loadtest = process.env.VICOS_LOADTEST ?? path.join(root, 'build/asan/tools/loadtest/vicos-loadtest');

/**
 * Runs the load tool to its end; resolves with its exit code and output.
 * @param {string[]} args
 * @returns {Promise<{code: number | null, output: string}>}
 */
function run(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(loadtest, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('NACK flood from a participant', { timeout: 120_000 }, () => {
  test('retransmissions stay within the budget and signaling stays quick', async (t) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vicos-nack-flood-'));
    try {
      const json = path.join(dir, 'result.json');
      const seconds = 6;
      // Two publishers at 1 Mbit/s and the attacker; the flood is the audit's: 340-item NACKs
      // naming 5,780 sequence numbers each, 30 a second.
      const flood = run(['--server', baseUrl, '--insecure', '--publishers', '2', '--subscribers', '1',
        '--video-bitrate', '1000', '--warmup', '2', '--attack', 'nack-flood', '--attack-seconds', String(seconds),
        '--attack-rate', '30', '--json', json]);
      // Signaling is watched over the whole flood; set-up takes a few seconds before it.
      const probe = watchSignaling('127.0.0.2', performance.now() + (seconds + 4) * 1000);
      const { code, output } = await flood;
      const times = await probe;
      assert.equal(code, 0, output);
      const result = JSON.parse(readFileSync(json, 'utf8'));
      t.diagnostic(`NACKs ${result.attackNacks} (${result.attackNackBytes} bytes), repeats back `
        + `${result.attackRepeats} (${result.attackRepeatBytes} bytes); join round trips ${roundTrips(times)}`);
      assert.ok(result.attackNacks >= 30 * (seconds - 1), `the flood ran: ${result.attackNacks} NACKs`);
      // Unbounded, each NACK brought back 5,780 packets (about 6 MB); now each packet is resent
      // at most once per 100 ms and within a quarter of what the stream carries.
      const perNack = result.attackRepeats / result.attackNacks;
      assert.ok(perNack < 20, `${perNack.toFixed(1)} packets resent per NACK`);
      assert.ok(result.attackRepeatBytes < 4 * result.attackNackBytes,
        `${result.attackRepeatBytes} bytes back for ${result.attackNackBytes} bytes of NACKs`);
      assert.ok(times.length >= 5, `only ${times.length} round trips measured`);
      assert.ok(Math.max(...times) < budgetMs, `signaling round trips ${roundTrips(times)}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
