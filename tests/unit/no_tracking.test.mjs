// P23: neither the server nor the client keeps speaking time, attention, focus or engagement about a person. The active speaker is a choice of this moment (src/sfu/speaker_detector.hpp); this scan fails when a name for such a measure appears in the code, so that it cannot be added without this test changing too.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sourceFiles, stripComments } from './source_scan.mjs';

// Names of per-person measures over time. Each is forbidden as (part of) an identifier.
const kForbidden = [
  /speak(?:ing|er)?_?(?:time|duration|seconds|millis|ms|total|totals|stats|share|history)/i,
  /talk(?:ing)?_?(?:time|duration|seconds|total|stats|share)/i,
  /(?:time|seconds|duration)_?(?:spoken|speaking|talking)/i,
  /attention/i,
  /engagement/i,
  /focus_?(?:time|score|lost|total|loss)/i,
  /(?:tab|page)_?(?:visible|hidden|blur)_?(?:time|count|total|seconds)/i,
  // A connection's idle timeout is not a person's idle time: the word must end there.
  /(?:[aA]way|[iI]dle|[aA]bsent)_?(?:[tT]ime|[sS]econds|[cC]ount|[tT]otal)(?![a-z])/,
];

/**
 * The forbidden identifiers in a comment-free source text, with their lines.
 * @param {string} text
 */
function findings(text) {
  const code = stripComments(text);
  const found = [];
  for (const match of code.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) {
    if (kForbidden.some((re) => re.test(match[0])))
      found.push(`${code.slice(0, match.index).split('\n').length}: ${match[0]}`);
  }
  return found;
}

test('the scan catches speaking-time and attention fields, and passes the active speaker', () => {
  for (const line of ['int64_t mSpeakingTimeMs = 0;', 'std::map<std::string, int> speakerStats;',
    'const attentionScore = 0;', "send({ type: 'focus-lost', focusLost: true, focusLossCount: 1 });",
    'uint64_t talk_total_us;', 'tabHiddenSeconds += 1;', 'awayTimeMs'])
    assert.ok(findings(line).length > 0, line);
  for (const line of ['const std::string& current() const { return mCurrent; }', 'activeSpeakerMessage(id)',
    'int smoothed = 0;', '// no speaking time kept (P23)', 'document.visibilityState', 'idleTimeout', 'idle_timeout'])
    assert.deepEqual(findings(line), [], line);
});

test('no per-person speaking, attention or engagement measure in src/ or web/ (P23)', () => {
  const files = [
    ...sourceFiles('src', ['.cpp', '.hpp']),
    ...sourceFiles('web', ['.js', '.html'], (path) => path.includes('node_modules') || path.includes('/vendor/')),
  ];
  assert.ok(files.length > 150, `only ${files.length} files found`);
  const problems = files.flatMap((f) => findings(f.text).map((line) => `${f.path}:${line}`));
  assert.deepEqual(problems, [], 'P23 forbids keeping speaking time, attention or engagement about a person');
});
