#!/usr/bin/env bash
# Installs what vicos needs on Debian 12, from Debian's packages and the npm registry only.
#   scripts/install-deps.sh          build dependencies (enough to build and run the server), and
#                                    the npm package whose model the server embeds
#   scripts/install-deps.sh --package  also what builds and checks the Debian package (debian/)
#   scripts/install-deps.sh --bench  also what the `bench` preset and bench/*.sh need: Google
#                                    Benchmark, libsrtp2 (compared with ours), jq, iproute2
#   scripts/install-deps.sh --test   also test tools: browsers, clang, sanitizer runtime, PostgreSQL
#                                    (the store's tests), npm packages, and the package tools
#                                    (scripts/test.sh builds and installs it)
set -euo pipefail
cd "$(dirname "$0")/.."

build_packages=(
  build-essential cmake ninja-build pkg-config ccache
  libboost1.81-dev libssl-dev nlohmann-json3-dev libtomlplusplus-dev
  libsqlite3-dev libpq-dev libargon2-dev prometheus-cpp-dev libcbor-dev libcurl4-openssl-dev
  libhiredis-dev
)
bench_packages=(libbenchmark-dev libsrtp2-dev jq iproute2)
test_packages=(
  "${bench_packages[@]}"
  libgtest-dev libgmock-dev
  clang libclang-rt-14-dev
  chromium firefox-esr ffmpeg
  tinyproxy  # the HTTP proxy that allows only CONNECT to 443 in tests/e2e/turn.test.mjs
  nftables  # random loss on a participant's link in tests/e2e/lossy_links.test.mjs (no netem here)
  postgresql  # the store's tests against a throwaway cluster (tests/store/with_postgres.sh)
  redis-server  # the cluster tests start their own (src/cluster/redis_server_fixture.hpp)
)
package_packages=(debhelper dpkg-dev fakeroot help2man lintian)

case ${1:-} in
  "" | --test | --package | --bench) ;;
  *) echo "usage: $0 [--test | --package | --bench]" >&2; exit 2 ;;
esac
packages=("${build_packages[@]}")
[[ ${1:-} == --test ]] && packages+=("${test_packages[@]}")
[[ ${1:-} == --bench ]] && packages+=("${bench_packages[@]}")
[[ ${1:-} == --test || ${1:-} == --package ]] && packages+=("${package_packages[@]}")

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js: any installed version of 18 or later will do; otherwise Debian's. npm brings the
# background effects' model, which the build embeds (package.json "dependencies").
if ! command -v npm >/dev/null; then missing+=(nodejs npm); fi

if [[ ${#missing[@]} -gt 0 ]]; then
  sudo=; [[ $(id -u) -eq 0 ]] || sudo=sudo
  echo "Installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [[ ${1:-} == --test ]]; then
  # Never a browser download: playwright-core and puppeteer-core use Debian's browsers.
  npm ci --no-audit --no-fund --loglevel=error
  # The background tests' fake camera: a photograph of a person from a Debian package.
  tests/e2e/person_clip.sh --fetch
elif [[ ! -d node_modules/@mediapipe/selfie_segmentation ]]; then
  # Only what the server embeds: the background effects' segmentation model.
  npm ci --omit=dev --no-audit --no-fund --loglevel=error
fi
