#!/bin/bash
# gantry's launcher: the first thing that runs inside an instance's container
# (or, for the process executor, its directory). The executors bind-mount or
# point at this file, so a stack needs nothing but bash and coreutils.
#
#   bash launcher.sh <home> <start-command>
#
# <home> holds the droplet: app/, deps/, profile.d/, staging_info.yml. An empty
# <start-command> means the droplet's own (staging_info.yml's start_command).
#
# Optional environment, set by the executor:
#   GANTRY_DROPLET_COPY_FROM  an unpacked droplet to copy into <home> first
#   GANTRY_DOWNLOADS          lines of "<source>\t<destination>\t<extract 0|1>"
#                             (a task's downloads, already fetched and verified)
# Both are removed from the environment before the start command runs.

home=${1:?usage: launcher.sh <home> <start-command>}
start_command=${2-}

fail() {
  echo "launcher: $*" >&2
  exit 70
}

export HOME="$home"

if [ -n "${GANTRY_DROPLET_COPY_FROM:-}" ]; then
  cp -a "$GANTRY_DROPLET_COPY_FROM/." "$home/" || fail "could not copy the droplet into $home"
fi
unset GANTRY_DROPLET_COPY_FROM

if [ -n "${GANTRY_DOWNLOADS:-}" ]; then
  while IFS=$'\t' read -r src dest extract; do
    [ -n "$src" ] || continue
    if [ "$extract" = 1 ]; then
      mkdir -p "$dest" && tar -xzf "$src" -C "$dest" --no-same-owner || fail "could not unpack a download into $dest"
    else
      mkdir -p "$(dirname "$dest")" && cp "$src" "$dest" || fail "could not copy a download to $dest"
    fi
  done <<<"$GANTRY_DOWNLOADS"
fi
unset GANTRY_DOWNLOADS

mkdir -p "$home/tmp" 2>/dev/null
export TMPDIR="${TMPDIR:-$home/tmp}"
export DEPS_DIR="$home/deps"

# The droplet's start command when none was given. staging_info.yml is JSON
# (which is YAML) or plain YAML with a one-line start_command.
if [ -z "$start_command" ] && [ -f "$home/staging_info.yml" ]; then
  start_command=$(sed -n -E '
    s/.*"start_command"[[:space:]]*:[[:space:]]*"((\\.|[^"\\])*)".*/\1/
    t json
    s/^start_command:[[:space:]]*//
    t yaml
    d
    :json
    s/\\"/"/g
    s/\\\\/\\/g
    p
    q
    :yaml
    s/^"(.*)"[[:space:]]*$/\1/
    s/^'"'"'(.*)'"'"'[[:space:]]*$/\1/
    p
    q
  ' "$home/staging_info.yml")
fi
[ -n "$start_command" ] || fail "no start command: none was given and $home/staging_info.yml has none"

if [ -d "$home/app" ]; then cd "$home/app" || fail "cannot enter $home/app"; else cd "$home" || fail "cannot enter $home"; fi

# profile.d scripts: the droplet's, each dependency's, then the app's own.
shopt -s nullglob
for script in "$home"/profile.d/*.sh "$home"/deps/*/profile.d/*.sh ./.profile.d/*.sh; do
  # shellcheck disable=SC1090
  source "$script"
done
shopt -u nullglob
if [ -f ./.profile ]; then
  # shellcheck disable=SC1091
  source ./.profile
fi

exec bash -c "$start_command"
