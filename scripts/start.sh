#!/usr/bin/env bash
# Builds vicos (release) and starts it with the embedded defaults: https://localhost:8443,
# media on UDP 40000, data in ./data, a self-signed certificate for localhost.
# Extra arguments go to `vicos serve` (see `vicos serve --help`).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# ccache hits across checkouts in other directories (CI builds a fresh clone each time).
export CCACHE_BASEDIR=$PWD CCACHE_NOHASHDIR=1
cmake --preset release >/dev/null
cmake --build --preset release --target vicos
exec build/release/src/app/vicos serve "$@"
