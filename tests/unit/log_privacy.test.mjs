// P27: no log statement of the server writes an IP address, a login, a display name, a room name or a secret. Scans every LOG_* call, log::write and fprintf(stderr) in src/ and fails on an argument named like one; there is no setting that allows it (log.addresses was removed, docs/privacy.md).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calls, identifierWords, sourceFiles, stripComments } from './source_scan.mjs';

// Words that, in an argument of a log call, mean personal data or a secret.
const kForbidden = new Set([
  'address', 'addresses', 'addr', 'ip', 'ips', 'endpoint', 'remote', 'sockaddr', 'tuple',
  'login', 'logins', 'name', 'names', 'display', 'room', 'user', 'username', 'email',
  'token', 'pin', 'password', 'secret', 'cookie', 'sdp', 'candidate', 'chat',
]);

const kLogCall = /\b(?:LOG_(?:DEBUG|INFO|WARN|ERROR)|VICOS_LOG|log::write|fprintf)\b/g;

// How many leading arguments are not values: component and format, and the level for the
// functions below the macros.
const kLeading = { VICOS_LOG: 3, 'log::write': 3, fprintf: 2 };

/**
 * The forbidden words among a log call's value arguments.
 * @param {{name: string, args: string[]}} call
 */
function offending(call) {
  const leading = /** @type {Record<string, number>} */ (kLeading)[call.name] ?? 2;
  // "per address" is a limit's count (limits.perAddress), not an address.
  return call.args.slice(leading).flatMap((arg) => identifierWords(arg)
    .filter((w, i, words) => kForbidden.has(w) && words[i - 1] !== 'per')
    .map((w) => `${w} in \`${arg}\``));
}

/**
 * Log calls (fprintf only to stderr) and the forbidden words in their values.
 * @param {string} text
 */
function logCalls(text) {
  return calls(stripComments(text), kLogCall).filter((c) => c.name !== 'fprintf' || c.args[0] === 'stderr');
}

/** @param {string} text */
function findings(text) {
  return logCalls(text).map((c) => ({ line: c.line, bad: offending(c) })).filter((f) => f.bad.length > 0);
}

test('the scanner catches an address, a name or a room in a log call, and passes counts', () => {
  const bad = [
    'LOG_INFO("ice", "consent from %s", peer.ip().c_str());',
    'LOG_DEBUG("room", "%s joined",\n          p.displayName.c_str());',
    'LOG_WARN("http", "refused %s", log::format(remoteAddr).c_str());',
    'LOG_INFO("room", "room %s opened", msg.room.c_str());',
    'std::fprintf(stderr, "login %s failed\\n", login.c_str());',
  ];
  for (const line of bad) assert.equal(findings(line).length, 1, line);
  const good = [
    'LOG_INFO("room", "room opened (%zu rooms)", mRooms.size());',
    'LOG_ERROR("app", "database: %s", database.error().message.c_str());',
    'LOG_INFO("media", "peer failed: %s", reason);',
    '// LOG_INFO("x", "%s", address);',
    'std::fprintf(stderr, "vicos: logging to daily files in %s\\n", config.logDir.c_str());',
  ];
  for (const line of good) assert.deepEqual(findings(line), [], line);
});

test('no log statement in src/ writes an address, a login, a name, a room or a secret (P27)', () => {
  const files = sourceFiles('src', ['.cpp', '.hpp'], (path) => /_test\.cpp$|_fixture\.hpp$|_fakes\.hpp$/.test(path));
  assert.ok(files.length > 100, `only ${files.length} source files found`);
  let scanned = 0;
  const problems = [];
  for (const file of files) {
    scanned += logCalls(file.text).length;
    for (const f of findings(file.text)) problems.push(`${file.path}:${f.line}: ${f.bad.join(', ')}`);
  }
  assert.ok(scanned > 30, `only ${scanned} log calls found: has the log macro changed its name?`);
  assert.deepEqual(problems, [], 'log calls with personal data or secrets (P27); log counts or reasons instead');
});
