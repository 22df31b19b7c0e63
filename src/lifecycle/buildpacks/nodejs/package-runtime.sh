#!/usr/bin/env bash
# Packages the Node runtime into the nodejs buildpack, so staging never
# downloads one: copies this machine's node (Debian bookworm, glibc, like the
# stack) into vendor/node/bin/node, stripped of debug symbols when `strip` is
# here, and npm (without its docs) into vendor/node/lib/node_modules/npm, which
# the buildpack uses only to install from an app's npm cache. vendor/ is
# gitignored. Does nothing when vendor/ already holds this machine's node.
# Run by scripts/setup.sh; NODE=/path/to/node picks another binary.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
vendor=$here/vendor/node
log() { echo "nodejs buildpack: $*" >&2; }

node_bin=${NODE:-$(command -v node || true)}
[[ -n $node_bin && -x $node_bin ]] || { log "no node on PATH to package (set NODE=/path/to/node)"; exit 1; }
node_bin=$(readlink -f "$node_bin")
stamp="$("$node_bin" --version) $(stat -c '%s %Y' "$node_bin") $node_bin"
if [[ -x $vendor/bin/node && -f $vendor/STAMP && $(cat "$vendor/STAMP") == "$stamp" ]]; then
  exit 0
fi

log "packaging Node $("$node_bin" --version) from $node_bin"
tmp=$(mktemp -d "$here/.vendor.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/node/bin" "$tmp/node/lib/node_modules"
if command -v strip >/dev/null 2>&1 && strip -o "$tmp/node/bin/node" "$node_bin" 2>/dev/null; then
  chmod 755 "$tmp/node/bin/node"
else
  cp "$node_bin" "$tmp/node/bin/node"
fi
"$tmp/node/bin/node" -e 'process.exit(0)' || { log "the packaged node does not run"; exit 1; }

npm_dir=''
for candidate in "$(dirname "$node_bin")/../lib/node_modules/npm" /usr/lib/node_modules/npm /usr/local/lib/node_modules/npm /usr/share/nodejs/npm; do
  if [[ -f $candidate/bin/npm-cli.js ]]; then npm_dir=$(readlink -f "$candidate"); break; fi
done
if [[ -n $npm_dir ]]; then
  tar -C "$(dirname "$npm_dir")" -cf - --exclude=npm/docs --exclude=npm/man "$(basename "$npm_dir")" | tar -C "$tmp/node/lib/node_modules" -xf -
  [[ $(basename "$npm_dir") == npm ]] || mv "$tmp/node/lib/node_modules/$(basename "$npm_dir")" "$tmp/node/lib/node_modules/npm"
else
  log "npm not found: apps will need vendored node_modules (no install from an npm cache)"
fi
printf '%s\n' "$stamp" >"$tmp/node/STAMP"
rm -rf "$vendor"
mkdir -p "$here/vendor"
mv "$tmp/node" "$vendor"
log "ready: $vendor ($(du -sh "$vendor" | cut -f1))"
