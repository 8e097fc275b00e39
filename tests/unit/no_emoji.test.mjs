// The client draws every symbol with its own SVG icons: no emoji (Extended_Pictographic) may appear in
// its styles, page or catalogues, since a system without an emoji font (Debian's headless browsers,
// many desktops) shows a missing-glyph box instead.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';

const web = new URL('../../web/', import.meta.url).pathname;

/**
 * Every file under `dir` whose name ends in `ending`.
 * @param {string} dir
 * @param {string} ending
 */
function filesUnder(dir, ending) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(ending))
    .map((entry) => join(entry.parentPath, entry.name));
}

/**
 * "line:column U+XXXX" for every pictographic code point, also one written as a CSS escape.
 * @param {string} text
 */
function pictographs(text) {
  const found = [];
  text.split('\n').forEach((line, i) => {
    // CSS `content: "\1F512"` is the same glyph as the character itself.
    const decoded = line.replace(/\\([0-9a-fA-F]{4,6}) ?/g, (_, hex) => String.fromCodePoint(parseInt(hex, 16)));
    for (const match of decoded.matchAll(/\p{Extended_Pictographic}/gu)) {
      const code = match[0].codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0');
      found.push(`${i + 1}:${(match.index ?? 0) + 1} U+${code}`);
    }
  });
  return found;
}

test('no emoji in web/css, web/index.html and web/i18n', () => {
  const files = [...filesUnder(join(web, 'css'), '.css'), join(web, 'index.html'), ...filesUnder(join(web, 'i18n'), '.json')];
  assert.ok(files.length >= 4, `only ${files.length} files found`);
  const found = files.flatMap((file) => pictographs(readFileSync(file, 'utf8')).map((at) => `${relative(web, file)}:${at}`));
  assert.deepEqual(found, []);
});

test('the scan finds an emoji, literal or escaped, and passes ordinary text', () => {
  assert.deepEqual(pictographs('a::before { content: "\u{1F512} "; }\nb::after { content: "\\1F44D"; }'),
    ['1:23 U+1F512', '2:22 U+1F44D']);
  assert.deepEqual(pictographs('Verbunden – „Ende-zu-Ende“ … ✓? no: \\2013'), []);
});
