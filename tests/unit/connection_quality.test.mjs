// The tile's connection rating (web/js/ui/connection_quality.js): good, poor by loss or frame
// rate, lost when nothing expected arrives; figures from two getStats samples.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { kPoorFps, kPoorLossPercent, rate } from '../../web/js/ui/connection_quality.js';

const start = { at: 0, bytes: 0, packets: 0, lost: 0, frames: 0, width: 0, height: 0 };
const both = { audio: true, video: true };

test('a steady stream is good, with its figures', () => {
  // Two seconds: 250 kB, 500 packets, none lost, 60 frames of 640x360.
  const r = rate(start, { at: 2000, bytes: 250_000, packets: 500, lost: 0, frames: 60, width: 640, height: 360 }, both);
  assert.deepEqual(r, { quality: 'good', kbps: 1000, lossPercent: 0, width: 640, height: 360, fps: 30 });
});

test('loss above the threshold is poor, at it still good', () => {
  const at = (lost) => rate(start, { at: 2000, bytes: 1000, packets: 100 - lost, lost, frames: 60, width: 1, height: 1 }, both);
  assert.equal(at(kPoorLossPercent).quality, 'good');
  assert.equal(at(kPoorLossPercent + 1).quality, 'poor');
  assert.equal(at(kPoorLossPercent + 1).lossPercent, 6);
});

test('a shown video below the frame-rate threshold is poor; audio alone is not rated by frames', () => {
  const slow = { at: 2000, bytes: 1000, packets: 100, lost: 0, frames: (kPoorFps - 1) * 2, width: 320, height: 180 };
  assert.equal(rate(start, slow, both).quality, 'poor');
  assert.equal(rate(start, { ...slow, frames: 0 }, { audio: true, video: false }).quality, 'good');
});

test('nothing arriving is lost only when something should', () => {
  const silent = { ...start, at: 2000 };
  assert.equal(rate(start, silent, both).quality, 'lost');
  assert.equal(rate(start, silent, { audio: false, video: false }).quality, 'good');
});
