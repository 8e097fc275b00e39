#!/usr/bin/env bash
# Makes the fake camera clip of the background tests: a photograph of a person (the astronaut
# portrait, public domain, that Debian's python3-skimage ships as test data) in front of a gravel
# texture, 640x360, one second of raw video that Chromium loops.
#
#   tests/e2e/person_clip.sh --fetch    keeps the two pictures in build/test-data/ (needs the network
#                                       to Debian's archive; scripts/install-deps.sh --test runs it)
#   tests/e2e/person_clip.sh OUT.y4m    makes the clip (offline, as in the tests' namespace)
# The package is fetched with `apt-get download`, never installed (its dependencies conflict with
# the build's Boost), and only the two pictures are taken out of it.
set -euo pipefail
[[ $# -eq 1 ]] || { echo "usage: $0 --fetch | OUT.y4m" >&2; exit 2; }
root=$(cd "$(dirname "$0")/../.." && pwd)
installed=/usr/lib/python3/dist-packages/skimage/data
cache=$root/build/test-data/skimage

if [[ $1 == --fetch ]]; then
  [[ -f $installed/astronaut.png || -f $cache/astronaut.png ]] && exit 0
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && apt-get download -qq python3-skimage >/dev/null 2>&1) ||
    { echo "person_clip.sh: cannot download python3-skimage" >&2; exit 3; }
  dpkg-deb --fsys-tarfile "$work"/python3-skimage_*.deb |
    tar -x -C "$work" ".$installed/astronaut.png" ".$installed/gravel.png"
  mkdir -p "$cache"
  cp "$work$installed/astronaut.png" "$work$installed/gravel.png" "$cache/"
  exit 0
fi

data=$installed
[[ -f $data/astronaut.png ]] || data=$cache
[[ -f $data/astronaut.png && -f $data/gravel.png ]] ||
  { echo "person_clip.sh: no picture of a person; run '$0 --fetch' (scripts/install-deps.sh --test does)" >&2; exit 3; }
# The portrait (512x512, scaled to 360x360) stands in the middle: the 140 columns on either side
# are gravel only, the background whose blur the tests measure.
ffmpeg -v error -y -loop 1 -i "$data/gravel.png" -loop 1 -i "$data/astronaut.png" -filter_complex \
  "[0:v]scale=640:512,crop=640:360[bg];[1:v]scale=360:360[p];[bg][p]overlay=140:0,format=yuv420p" \
  -r 10 -t 1 "$1"
