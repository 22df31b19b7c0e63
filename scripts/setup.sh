#!/usr/bin/env bash
# Installs what gantry needs on a Debian machine, as root, and only what is
# missing: Debian's nats-server, docker.io, debootstrap, curl and openssl; the npm packages
# from the lockfile; a running Docker engine; the stack image. Safe to re-run.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "setup: $*" >&2; }

need_pkgs=()
command -v nats-server >/dev/null 2>&1 || [ -x /usr/sbin/nats-server ] || need_pkgs+=(nats-server)
command -v dockerd >/dev/null 2>&1 || [ -x /usr/sbin/dockerd ] || need_pkgs+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || [ -x /usr/sbin/debootstrap ] || need_pkgs+=(debootstrap)
command -v curl >/dev/null 2>&1 || need_pkgs+=(curl)
command -v openssl >/dev/null 2>&1 || need_pkgs+=(openssl)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  log "installing ${need_pkgs[*]} from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
fi
export PATH="$PATH:/usr/sbin:/sbin"

# npm packages, exactly as the lockfile says; skipped when they are in place.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

# The nodejs buildpack ships a Node runtime: this machine's own, copied in (no download).
bash src/lifecycle/buildpacks/nodejs/package-runtime.sh

# A Docker engine on the default socket. Host networking only: no bridge, no iptables.
DOCKER=/usr/bin/docker
[ -x "$DOCKER" ] || DOCKER=docker
if ! "$DOCKER" info >/dev/null 2>&1; then
  log "starting dockerd (--bridge=none --iptables=false)"
  mkdir -p /var/log
  nohup dockerd --bridge=none --iptables=false >/var/log/gantry-dockerd.log 2>&1 &
  for _ in $(seq 1 60); do
    "$DOCKER" info >/dev/null 2>&1 && break
    sleep 0.5
  done
  "$DOCKER" info >/dev/null 2>&1 || { log "dockerd did not start; see /var/log/gantry-dockerd.log"; exit 1; }
fi

# The stack image, built locally from Debian with debootstrap (no registry).
bash deploy/stack/build-stack.sh
log "ready"
