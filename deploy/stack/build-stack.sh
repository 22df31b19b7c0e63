#!/usr/bin/env bash
# Builds the stack image gantry runs every container from: a Debian bookworm
# minbase rootfs (debootstrap) with busybox (a shell web server, wget, nc) and
# an unprivileged user "vcap", imported with `docker import`. No registry is
# involved. Does nothing when the image exists (set GANTRY_STACK_REBUILD=1 to
# rebuild).
set -euo pipefail
STACK=${GANTRY_STACK:-bookworm}
IMAGE=${GANTRY_STACK_IMAGE:-gantry-stack:$STACK}
MIRROR=${GANTRY_DEBIAN_MIRROR:-http://deb.debian.org/debian}
DOCKER=/usr/bin/docker
[ -x "$DOCKER" ] || DOCKER=docker
export PATH="$PATH:/usr/sbin:/sbin"

if [ -z "${GANTRY_STACK_REBUILD:-}" ] && "$DOCKER" image inspect "$IMAGE" >/dev/null 2>&1; then
  exit 0
fi

# One build at a time (setup runs from several test runs at once); whoever
# waited finds the image made and stops there.
if command -v flock >/dev/null 2>&1; then
  exec 9>"/tmp/gantry-stack-$STACK.lock"
  flock 9
  if [ -z "${GANTRY_STACK_REBUILD:-}" ] && "$DOCKER" image inspect "$IMAGE" >/dev/null 2>&1; then
    exit 0
  fi
fi

[ "$(id -u)" = 0 ] || { echo "stack: building $IMAGE needs root (debootstrap, chroot)" >&2; exit 1; }
command -v debootstrap >/dev/null 2>&1 || { echo "stack: debootstrap is missing: apt-get install debootstrap (scripts/setup.sh does)" >&2; exit 1; }

work=$(mktemp -d /tmp/gantry-stack.XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "stack: building $IMAGE from Debian $STACK (debootstrap minbase)" >&2
debootstrap --variant=minbase --include=busybox,ca-certificates "$STACK" "$work/rootfs" "$MIRROR" >"$work/debootstrap.log" 2>&1 || {
  tail -20 "$work/debootstrap.log" >&2; exit 1; }
chroot "$work/rootfs" /bin/sh -c '
  set -e
  groupadd -g 2000 vcap
  useradd -u 2000 -g 2000 -m -d /home/vcap -s /bin/bash vcap
  mkdir -p /home/vcap/app /home/vcap/deps /home/vcap/tmp
  chown -R vcap:vcap /home/vcap
  apt-get clean
  rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /usr/share/doc/* /usr/share/man/* /usr/share/locale/*
'
tar -C "$work/rootfs" -c . | "$DOCKER" import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change 'WORKDIR /home/vcap' \
  - "$IMAGE" >/dev/null

# What the executors rely on: bash (the launcher), tar and cp (droplets and
# downloads), busybox (small servers, nc, wget), and vcap as uid 2000.
if ! "$DOCKER" run --rm --network none "$IMAGE" bash -c \
  '[ "$(id -u vcap)" = 2000 ] && [ -d /home/vcap ] && command -v tar && command -v cp && command -v busybox' >/dev/null 2>&1; then
  "$DOCKER" image rm "$IMAGE" >/dev/null 2>&1 || true
  echo "stack: $IMAGE lacks bash, tar, cp, busybox or user vcap (uid 2000); removed it" >&2
  exit 1
fi
echo "stack: $IMAGE ready" >&2
