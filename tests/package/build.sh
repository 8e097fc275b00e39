#!/usr/bin/env bash
# Builds the Debian package (debian/) from a copy of the working tree and leaves vicos_*.deb in OUTDIR.
#
#   tests/package/build.sh OUTDIR
# The copy holds the files git knows or would add (never build/, node_modules/ but for the one
# package the server embeds), so the package is built as from a clean checkout. ccache, where
# installed, is shared with the other builds: the cache directory is passed on explicitly because
# debhelper gives the build a HOME of its own.
set -euo pipefail
[[ $# -eq 1 ]] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$(mkdir -p "$1" && cd "$1" && pwd)
src=$out/vicos-src
rm -rf "$src"
mkdir -p "$src"
(cd "$root" && git ls-files -z --cached --others --exclude-standard |
  xargs -0 -I{} sh -c 'test -e "{}" && printf "%s\0" "{}"' | tar --null -T - -cf -) | tar -xf - -C "$src"
# The one npm package the server embeds (the background effects' model, src/http/CMakeLists.txt),
# where `npm ci` has installed it; without it the package is built without background effects.
segmentation=node_modules/@mediapipe/selfie_segmentation
if [[ -d $root/$segmentation ]]; then
  mkdir -p "$src/$segmentation"
  cp -a "$root/$segmentation/." "$src/$segmentation/"
else
  echo "build.sh: $segmentation missing (run 'npm ci'): the package will have no background effects" >&2
fi

if command -v ccache >/dev/null; then
  CCACHE_DIR=$(ccache --get-config cache_dir)
  export CCACHE_DIR CCACHE_BASEDIR=$src CCACHE_NOHASHDIR=1
fi
# The copy has no git history: tell the build which commit it is (vicos --version, P17).
VICOS_SOURCE_COMMIT=$(git -C "$root" rev-parse --short=12 HEAD 2>/dev/null || true)
export VICOS_SOURCE_COMMIT
# No debug symbol package (vicos-dbgsym): the test does not need it and it costs time.
jobs=$(nproc)
export DEB_BUILD_OPTIONS="${DEB_BUILD_OPTIONS:-noddebs} parallel=$jobs"
(cd "$src" && nice dpkg-buildpackage -us -uc -b) >"$out/build.log" 2>&1 ||
  { tail -n 40 "$out/build.log" >&2; echo "build.sh: dpkg-buildpackage failed (log: $out/build.log)" >&2; exit 1; }
rm -rf "$src"
ls "$out"/vicos_*.deb
