// The admin page's graph scale: the y axis ends at 1, 2 or 5 times a power of ten, never below the data.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { axisTop } from '../../web/js/ui/admin_graph.js';

test('the axis top is the next 1, 2 or 5 times a power of ten at or above the highest value', () => {
  const cases = [[0, 1], [-3, 1], [Number.NaN, 1], [0.3, 0.5], [1, 1], [1.2, 2], [3, 5], [7, 10], [10, 10],
    [11, 20], [250, 500], [999, 1000], [1001, 2000], [48_000, 50_000]];
  for (const [max, top] of cases) assert.equal(axisTop(max), top, `axisTop(${max})`);
  for (let v = 0.01; v < 1e7; v *= 1.37) assert.ok(axisTop(v) >= v && axisTop(v) <= 5 * v, `${v}`);
});
