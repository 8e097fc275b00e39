#!/usr/bin/env bash
# Makes the fake camera clip of the background tests: a photograph of a person (the astronaut
# portrait, public domain, that Debian's python3-skimage ships as test data) in front of a gravel
# texture, 640x360, one second of raw video that Chromium loops.
#
#   tests/e2e/person_clip.sh OUT.y4m
# Uses the installed package's files, or else fetches the package with `apt-get download` (no
# install, no dependencies) and takes the two pictures out of it. Exits 3 if neither works.
set -euo pipefail
[[ $# -eq 1 ]] || { echo "usage: $0 OUT.y4m" >&2; exit 2; }
out=$1
data=/usr/lib/python3/dist-packages/skimage/data
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [[ ! -f $data/astronaut.png || ! -f $data/gravel.png ]]; then
  (cd "$work" && apt-get download -qq python3-skimage >/dev/null 2>&1) ||
    { echo "person_clip.sh: python3-skimage is neither installed nor downloadable" >&2; exit 3; }
  dpkg-deb --fsys-tarfile "$work"/python3-skimage_*.deb |
    tar -x -C "$work" ".$data/astronaut.png" ".$data/gravel.png"
  data=$work$data
fi
# The portrait (512x512, scaled to 360x360) stands in the middle: the 140 columns on either side
# are gravel only, the background whose blur the tests measure.
ffmpeg -v error -y -loop 1 -i "$data/gravel.png" -loop 1 -i "$data/astronaut.png" -filter_complex \
  "[0:v]scale=640:512,crop=640:360[bg];[1:v]scale=360:360[p];[bg][p]overlay=140:0,format=yuv420p" \
  -r 10 -t 1 "$out"
