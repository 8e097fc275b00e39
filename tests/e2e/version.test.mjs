// P17: the binary names its version and the git commit it was built from, and the privacy report it writes carries the same text.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const binary = process.env.VICOS_BINARY;

test('vicos --version names the version and the commit, and the report repeats it (P17)',
  { skip: !binary && 'VICOS_BINARY not set (tests/e2e/run.sh sets it)' }, () => {
    const printed = execFileSync(/** @type {string} */ (binary), ['--version'], { encoding: 'utf8' }).trim();
    const match = /^vicos (\d+\.\d+\.\d+ \(commit (?:[0-9a-f]{12}|unknown)\))$/.exec(printed);
    assert.ok(match, printed);
    const dir = mkdtempSync(join(tmpdir(), 'vicos-version-'));
    try {
      const report = JSON.parse(execFileSync(/** @type {string} */ (binary),
        ['privacy-report', '--format', 'json', '--lang', 'en', '--data-dir', dir], { encoding: 'utf8' }));
      assert.equal(report.version, match[1]);
      assert.ok(report.intro.includes(`vicos ${match[1]}`), report.intro);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
