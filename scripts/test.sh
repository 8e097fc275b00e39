#!/usr/bin/env bash
# Builds and runs every test: unit tests and fuzz-corpus replays under AddressSanitizer and
# UndefinedBehaviorSanitizer, a short bounded run of every fuzzer, the client's type check, the
# real-browser tests (Chromium, Firefox ESR) and the abuse suite against the sanitizer build of
# the server, in loopback-only network namespaces; then the Debian package is built, installed, used
# in a meeting and purged.
# Needs root for the namespace (`ip netns`).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test

# ccache hits across checkouts in other directories (CI builds a fresh clone each time).
export CCACHE_BASEDIR=$PWD CCACHE_NOHASHDIR=1

echo "== build (asan + ubsan)"
cmake --preset asan >/dev/null
cmake --build --preset asan

echo "== unit tests and fuzz corpus replays"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1
ctest --preset asan --output-on-failure -j2

echo "== fuzzing: every libFuzzer target for ${VICOS_FUZZ_SECONDS:-15} s on its corpus (clang, ASan + UBSan)"
scripts/fuzz.sh "${VICOS_FUZZ_SECONDS:-15}"

echo "== client type check and unit tests"
npx tsc -p web
npx tsc -p web/tsconfig.sw.json
node --test tests/unit/

echo "== real browsers"
# LeakSanitizer reports at exit; the server is stopped by a signal there. About 40 files, one
# browser set at a time: bounded at 25 minutes (run.sh's own default of 10 is for a few files).
VICOS_E2E_TIMEOUT=1500 bash tests/e2e/run.sh build/asan/src/app/vicos

echo "== abuse suite: NACK, connection, login and join floods while a normal client is timed"
VICOS_LOADTEST=build/asan/tools/loadtest/vicos-loadtest bash tests/e2e/run.sh build/asan/src/app/vicos tests/abuse/

echo "== real browsers, every participant on its own media worker (rooms spread over workers)"
VICOS_E2E_SERVER_ARGS="--media-workers 2 --media-room-split 1" \
  bash tests/e2e/run.sh build/asan/src/app/vicos tests/e2e/meeting.test.mjs tests/e2e/features.test.mjs

echo "== Debian package: build (release, ccache), lintian, install, a meeting on the installed server, purge"
tests/package/install_test.sh
