#!/usr/bin/env bash
# Builds every libFuzzer target (preset `fuzz`: clang, ASan, UBSan) and runs each for a bounded
# time on a scratch copy of its corpus, two at a time; fails on the first crash, leak or timeout.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]    default 20 s, every target
#
# A crash leaves its input in build/fuzz/artifacts/; add it to fuzz/corpus/<target>/ with the fix
# so that the corpus replay (a ctest in every build) keeps it fixed. A longer campaign on one
# target: scripts/fuzz.sh 3600 rtcp_parse (docs/security.md "Fuzzing").
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
shift || true

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target fuzzers

targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  for dir in fuzz/corpus/*/; do targets+=("$(basename "$dir")"); done
fi

artifacts=$PWD/build/fuzz/artifacts
scratch=$(mktemp -d /tmp/vicos-fuzz.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$artifacts"

run_one() {
  local target=$1 binary
  binary=$(find build/fuzz -name "${target}_fuzzer" -type f -perm -u+x | head -n 1)
  [[ -n $binary ]] || { echo "fuzz: no binary for $target" >&2; return 1; }
  mkdir -p "$scratch/$target"
  cp -r "fuzz/corpus/$target/." "$scratch/$target/"
  # -rss_limit_mb bounds memory; -timeout flags any single input slower than 10 s.
  if "$binary" "$scratch/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$artifacts/$target-" -print_final_stats=1 >"$scratch/$target.log" 2>&1; then
    echo "fuzz: $target ok, $(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$scratch/$target.log" |
      grep -o '[0-9]*$') executions in ${seconds} s"
  else
    echo "fuzz: $target FAILED; last lines:" >&2
    tail -n 40 "$scratch/$target.log" >&2
    return 1
  fi
}

status=0
running=0
for target in "${targets[@]}"; do
  run_one "$target" &
  running=$((running + 1))
  if [[ $running -ge 2 ]]; then
    wait -n || status=1
    running=$((running - 1))
  fi
done
while [[ $running -gt 0 ]]; do
  wait -n || status=1
  running=$((running - 1))
done
exit $status
