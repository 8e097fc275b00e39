// P33: everything the server keeps in memory, keyed by something, is named in the privacy report. Finds every keyed container member (std::map, unordered_map, set, deque, list) declared in src/ and requires it to be listed here with the processing fact of src/privacy/facts.cpp that describes it, or with why it holds nothing about a person; a new store without an entry fails, and so does an entry whose store is gone or whose fact is not in the catalogue.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, sourceFiles, stripComments } from './source_scan.mjs';

/**
 * "file member" → a fact key of the catalogue, or "neutral: why".
 * @type {Record<string, string>}
 */
const kStores = {
  // Beyond a meeting: these outlive any one meeting and are described by their own facts.
  'src/app/login_throttle.hpp mEntries': 'login-throttle',
  'src/app/login_api.hpp mChecking': 'login-throttle',
  'src/app/pending_logins.hpp mEntries': 'pending-logins',
  'src/oidc/pending_logins.hpp mLogins': 'single-sign-on-logins',
  'src/http/connection_gate.hpp mBuckets': 'connection-counts',
  'src/room/pin_guard.hpp mConnections': 'meeting-pin',
  'src/cluster/redis_link.hpp mQueue': 'cluster-coordination',
  // A meeting's own state, gone with it.
  'src/room/room_manager.hpp mRooms': 'room-names',
  'src/cluster/cluster_node.hpp mOwned': 'room-names',
  'src/cluster/cluster_node.hpp mOpen': 'room-names',
  'src/cluster/cluster_node.hpp mElsewhere': 'cluster-coordination',
  'src/room/moderation.hpp mBannedLogins': 'moderation',
  'src/room/door.hpp mWaiting': 'door',
  'src/room/polls.hpp mPolls': 'polls',
  'src/room/breakouts.hpp mAssigned': 'breakouts',
  'src/sfu/room_placement.hpp mRooms': 'room-names',
  'src/sfu/transport_registry.hpp mPeers': 'connection-data',
  'src/sfu/transport_registry.hpp mByUfrag': 'connection-data',
  'src/sfu/transport_registry.hpp mByTuple': 'connection-data',
  'src/sfu/tcp_connections.hpp mByFd': 'connection-data',
  'src/sfu/tcp_connections.hpp mByRemote': 'connection-data',
  'src/sfu/router.hpp mPeers': 'connection-data',
  'src/sfu/router.hpp mMirrors': 'media',
  'src/sfu/worker_media_plane.hpp mDownlinks': 'media',
  'src/sfu/worker_media_plane.hpp mRelays': 'media',
  'src/negotiation/downlink_table.hpp mAudioSources': 'media',
  'src/sfu/media_worker.hpp mRouters': 'room-names',
  'src/sfu/media_worker.hpp mMirrors': 'media',
  'src/turn/turn_server.hpp mAllocations': 'turn-relay',
  'src/turn/turn_server.hpp mClients': 'turn-relay',
  'src/turn/turn_server.hpp mUsage': 'turn-relay',
  // Nothing about a person.
  'src/sfu/worker_media_plane.hpp mRings': 'neutral: one packet ring per pair of worker threads',
  'src/net/event_loop.hpp mFds': 'neutral: file descriptors the loop watches',
  'src/net/event_loop.hpp mTimers': 'neutral: timer deadlines',
  'src/app/password_workers.hpp mQueue': 'neutral: password checks waiting for a thread; each lives for one login (login-throttle)',
  'src/http/asset_store.hpp mEmbedded': 'neutral: the client files built into the binary',
};

const kContainer = /\bstd::(?:unordered_)?(?:map|set|multimap|multiset|deque|list)<[^;]*?>\s+(m[A-Z]\w*)\s*[;{=]/g;

/** Every keyed container member declared in a header under src/ (tests and test doubles apart). */
function declaredStores() {
  const found = new Set();
  const files = sourceFiles('src', ['.hpp'], (path) => /_test|fixture|fakes/.test(path));
  for (const { path, text } of files) {
    for (const match of stripComments(text).matchAll(kContainer)) found.add(`${path} ${match[1]}`);
  }
  return found;
}

/** The fact keys of the catalogue, from src/privacy/facts.cpp. */
function factKeys() {
  const text = readFileSync(join(root, 'src/privacy/facts.cpp'), 'utf8');
  return new Set([...text.matchAll(/\{\w+, "([a-z-]+)", Place::/g)].map((m) => m[1]));
}

test('every keyed store in the server\'s memory is described by a processing fact or said to hold nothing personal (P33)', () => {
  const declared = declaredStores();
  assert.ok(declared.size >= 15, `the scan found only ${declared.size} stores; has the code's shape changed?`);
  const unlisted = [...declared].filter((store) => !(store in kStores));
  assert.deepEqual(unlisted, [], 'add each new store to kStores with the fact that describes it (and the fact to the report)');
  const gone = Object.keys(kStores).filter((store) => !declared.has(store));
  assert.deepEqual(gone, [], 'these stores are gone: remove their entries');
  const facts = factKeys();
  assert.ok(facts.size >= 20, 'the fact keys could not be read from src/privacy/facts.cpp');
  const unknown = Object.entries(kStores).filter(([, fact]) => !fact.startsWith('neutral: ') && !facts.has(fact));
  assert.deepEqual(unknown, [], 'these entries name no fact of the catalogue');
});

test('the scan finds a store however its template arguments are written', () => {
  const sample = 'class X {\n  std::unordered_map<std::string, std::vector<int>> mByLogin;\n  std::map<int, int> mCounts{};\n};';
  assert.deepEqual([...sample.matchAll(kContainer)].map((m) => m[1]), ['mByLogin', 'mCounts']);
});
