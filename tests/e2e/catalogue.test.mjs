// The German and English catalogues have the same keys, no empty texts and the same {placeholders} per key (no string left untranslated).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { de, en } from './browsers.mjs';

/** @param {string} text */
function placeholders(text) {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
}

test('de and en have identical keys', () => {
  assert.deepEqual(Object.keys(de).sort(), Object.keys(en).sort());
});

test('every text is non-empty and uses the same placeholders in both languages', () => {
  for (const key of Object.keys(en)) {
    assert.ok(en[key].trim() !== '', `en ${key} is empty`);
    assert.ok((de[key] ?? '').trim() !== '', `de ${key} is empty`);
    assert.deepEqual(placeholders(de[key] ?? ''), placeholders(en[key]), `placeholders of ${key}`);
  }
});

test('every key the page and the scripts name exists', async () => {
  const { readFileSync, readdirSync } = await import('node:fs');
  const web = new URL('../../web/', import.meta.url);
  const sources = [readFileSync(new URL('index.html', web), 'utf8')];
  for (const dir of ['js/', 'js/ui/', 'js/protocol/']) {
    for (const file of readdirSync(new URL(dir, web))) {
      if (file.endsWith('.js')) sources.push(readFileSync(new URL(dir + file, web), 'utf8'));
    }
  }
  const used = new Set();
  for (const source of sources) {
    for (const m of source.matchAll(/data-i18n(?:-[a-z-]+)?="([a-z0-9.-]+)"/g)) used.add(m[1]);
    for (const m of source.matchAll(/(?:bindText\([^,]+,|\bt\()\s*'([a-z0-9.-]+)'/g)) used.add(m[1]);
  }
  assert.ok(used.size > 20, `found the keys in use (${used.size})`);
  for (const key of used) assert.ok(key in en, `${key} is used but not in the catalogues`);
});
