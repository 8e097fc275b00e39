// Prometheus metrics during a real browser meeting: the counters move, and nothing in /metrics names
// a participant, the room or an address (P27, P28).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { joinEveryone, launchChromium, roomName, waitFor } from './browsers.mjs';

const metricsUrl = process.env.VICOS_METRICS_URL ?? 'http://127.0.0.1:9464/metrics';

/**
 * One scrape, as name{labels} -> value.
 * @returns {Promise<{text: string, values: Map<string, number>}>}
 */
async function scrape() {
  const res = await fetch(metricsUrl);
  assert.equal(res.status, 200);
  const text = await res.text();
  const values = new Map();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    values.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return { text, values };
}

/**
 * The sum of a metric over all its label sets.
 * @param {Map<string, number>} values
 * @param {string} name
 */
function sum(values, name) {
  let total = 0;
  for (const [key, value] of values) if (key === name || key.startsWith(`${name}{`)) total += value;
  return total;
}

describe('metrics during a meeting', { timeout: 120_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  const room = roomName('metrics');
  const names = ['Mareike Metrik', 'Zygmunt Zähler'];

  before(async () => {
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
  });

  test('counters move, and no label or value names a person, the room or an address', async () => {
    const before = (await scrape()).values;
    await joinEveryone(browser, room, names);
    const during = await waitFor(async () => {
      const now = await scrape();
      return sum(now.values, 'vicos_participants') >= 2 &&
        sum(now.values, 'vicos_media_forwarded_packets_total') > sum(before, 'vicos_media_forwarded_packets_total') + 100 &&
        // Chromium numbers its packets once the offer asks for transport-cc, and gets feedback.
        sum(now.values, 'vicos_media_transport_feedback_total') > sum(before, 'vicos_media_transport_feedback_total') + 10 &&
        // And it reports on the packets the server numbered for it.
        sum(now.values, 'vicos_media_downlink_feedback_total') > sum(before, 'vicos_media_downlink_feedback_total') + 10 &&
        now;
    }, { message: 'participants counted, packets forwarded, transport-cc feedback sent and received' });
    assert.ok(sum(during.values, 'vicos_rooms') >= 1);
    assert.ok(sum(during.values, 'vicos_media_forwarded_bytes_total') > sum(before, 'vicos_media_forwarded_bytes_total'));
    assert.ok(sum(during.values, 'vicos_media_received_packets_total') > sum(before, 'vicos_media_received_packets_total'));
    assert.ok(sum(during.values, 'vicos_media_peers') >= 2);
    for (const word of [...names, ...names.flatMap((n) => n.split(' ')), room, '127.0.0.']) {
      assert.ok(!during.text.includes(word), `/metrics must not contain ${word}`);
    }
    const labelNames = new Set([...during.text.matchAll(/([a-z_]+)="/g)].map((m) => m[1]));
    assert.deepEqual([...labelNames].sort(), ['limit', 'reason', 'version', 'worker']);
  });
});
