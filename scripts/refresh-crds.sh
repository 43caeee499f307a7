#!/usr/bin/env bash
# Copies the vendored operator CRDs (Apache-2.0, unmodified) into charts/crds/ and regenerates the typed cdk8s imports
# in charts/imports/ from those copies: `cdk8s import`'s TypeScript, compiled to <group>.js + <group>.d.ts (so no
# synth transpiles 3 MB of generated TypeScript; scripts/compile-imports.js says why). Both are committed; never edit
# them by hand: change the source and re-run
#   npm run crds                      # source: ../shared/crds
#   npm run crds -- /path/to/crds     # another source with the same layout (<operator>-<version>/<crd>.y[a]ml)
# Folders of charts/crds/ holding an UPSTREAM.md were vendored straight from the operator's repository (not from the
# source folder): they are kept as they are, and their UPSTREAM.md names the tag, commit and git blob of each file.
# Works offline: `cdk8s import` reads the local files.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source_dir="${1:-$root/../shared/crds}"
charts_dir="${CHARTS_DIR:-$root/charts}"  # CHARTS_DIR: write elsewhere (the freshness test does)
crds_dir="$charts_dir/crds"
imports_dir="$charts_dir/imports"

if [ ! -d "$source_dir" ]; then
  echo "refresh-crds: source directory $source_dir not found — pass the CRD folder as the first argument" >&2
  exit 1
fi
source_dir="$(cd "$source_dir" && pwd)"
if [ -d "$crds_dir" ] && [ "$source_dir" = "$(cd "$crds_dir" && pwd)" ]; then
  echo "refresh-crds: the source is the destination ($crds_dir) — pass the upstream CRD folder" >&2
  exit 1
fi

# 1. Unmodified copies (including the source's README with the upstream tags and commits); folders vendored straight
#    from upstream (with an UPSTREAM.md) stay, and the source may not hold a folder of the same name.
mkdir -p "$crds_dir"
for entry in "$crds_dir"/* "$crds_dir"/.[!.]*; do
  [ -e "$entry" ] || continue
  if [ -f "$entry/UPSTREAM.md" ]; then
    if [ -e "$source_dir/$(basename "$entry")" ]; then
      echo "refresh-crds: $(basename "$entry") is vendored from upstream (its UPSTREAM.md) and also in $source_dir — keep one" >&2
      exit 1
    fi
    continue
  fi
  rm -rf "$entry"
done
cp -R "$source_dir"/. "$crds_dir"/
chmod -R u+w "$crds_dir"  # the source may be read-only; contents stay byte-identical

# 2. One import module per operator folder: its CRDs concatenated, so every CRD of an API group lands in one file
#    named after the group (kafka.strimzi.io, flink.apache.org), generated as TypeScript in a temporary folder and
#    compiled into charts/imports.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rm -rf "$imports_dir"
mkdir -p "$imports_dir"
for operator in "$crds_dir"/*/; do
  bundle="$work/$(basename "$operator").yaml"
  for crd in "$operator"*.yaml "$operator"*.yml; do
    [ -f "$crd" ] || continue
    cat "$crd" >> "$bundle"
    printf '\n---\n' >> "$bundle"
  done
  (cd "$work" && "$root/node_modules/.bin/cdk8s" import "$bundle" --language typescript --output "$work/generated" --no-save --no-check-upgrade)
done
node "$root/scripts/compile-imports.js" "$work/generated" "$imports_dir"
echo "refresh-crds: copied $(find "$crds_dir" -name '*.y*ml' | wc -l | tr -d ' ') CRDs to charts/crds, imports in charts/imports:"
ls -1 "$imports_dir"
