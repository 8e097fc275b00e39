// The camera's simulcast encodings for the picture it gives (web/js/protocol/simulcast_layers.js): as many layers as the size carries, the top one at full size.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodingSettings, layerCount } from '../../web/js/protocol/simulcast_layers.js';

/** The server's camera layers (src/media/media_profile.hpp kCameraLayers). */
const layers = [
  { rid: 'q', scaleResolutionDownBy: 4, maxBitrate: 200_000 },
  { rid: 'h', scaleResolutionDownBy: 2, maxBitrate: 700_000 },
  { rid: 'f', scaleResolutionDownBy: 1, maxBitrate: 2_500_000 },
];

test('the layer count follows the picture size, never above what was offered', () => {
  assert.equal(layerCount(1280, 720, 3), 3);
  assert.equal(layerCount(960, 540, 3), 3);
  assert.equal(layerCount(959, 540, 3), 2);
  assert.equal(layerCount(640, 480, 3), 2);
  assert.equal(layerCount(480, 270, 3), 2);
  assert.equal(layerCount(320, 240, 3), 1);
  assert.equal(layerCount(1920, 1080, 2), 2);
  assert.equal(layerCount(0, 0, 3), 3, 'an unknown size keeps every offered layer');
});

test('a 720p camera sends the three layers as offered', () => {
  assert.deepEqual(encodingSettings(layers, 1280, 720, Infinity), [
    { scaleResolutionDownBy: 4, maxBitrate: 200_000, active: true },
    { scaleResolutionDownBy: 2, maxBitrate: 700_000, active: true },
    { scaleResolutionDownBy: 1, maxBitrate: 2_500_000, active: true },
  ]);
});

test('a 640x480 camera sends its full size on the second encoding and nothing on the third', () => {
  assert.deepEqual(encodingSettings(layers, 640, 480, Infinity), [
    { scaleResolutionDownBy: 2, maxBitrate: 700_000, active: true },
    { scaleResolutionDownBy: 1, maxBitrate: 2_500_000, active: true },
    { scaleResolutionDownBy: 1, maxBitrate: 2_500_000, active: false },
  ]);
});

test('a small camera sends one full-size layer', () => {
  const settings = encodingSettings(layers, 320, 240, Infinity);
  assert.deepEqual(settings.map((s) => s.active), [true, false, false]);
  assert.equal(settings[0].scaleResolutionDownBy, 1);
  assert.equal(settings[0].maxBitrate, 2_500_000);
});

test('dynacast turns off all but the lowest encodings it names, and every one at 0', () => {
  assert.deepEqual(encodingSettings(layers, 1280, 720, 1).map((s) => s.active), [true, false, false]);
  assert.deepEqual(encodingSettings(layers, 640, 480, 0).map((s) => s.active), [false, false, false]);
  assert.deepEqual(encodingSettings(layers, 640, 480, 2).map((s) => s.active), [true, true, false]);
});
