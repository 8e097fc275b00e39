#!/usr/bin/env bash
# Builds vicos (release) and starts it with the embedded defaults: https://localhost:8443,
# media on UDP 40000, data in ./data, a self-signed certificate for localhost.
# Extra arguments go to `vicos serve` (see `vicos serve --help`).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target vicos
exec build/release/src/app/vicos serve "$@"
