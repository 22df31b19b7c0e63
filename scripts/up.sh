#!/usr/bin/env bash
# The README's main command: a local gantry cluster with the demo apps running
# on it. Sets up what is missing (scripts/setup.sh), starts `gantry up --cells 3
# --detach` (or reuses a cluster that answers), pushes the Node example from
# source, scales it to 4 instances, pushes the static site, shows
# `gantry status`, curls every instance, and says how to watch and stop.
#
#   GANTRY_UP_CELLS      cells to start (default 3)
#   GANTRY_UP_EXECUTOR   docker | process | sim (default docker)
#   GANTRY_UP_INSTANCES  instances of the Node app (default 4)
set -euo pipefail
cd "$(dirname "$0")/.."
CELLS=${GANTRY_UP_CELLS:-3}
EXECUTOR=${GANTRY_UP_EXECUTOR:-docker}
INSTANCES=${GANTRY_UP_INSTANCES:-4}

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
gantry() { node bin/gantry "$@"; }

say "setting up (nats-server, Docker, npm packages, the stack image)"
bash scripts/setup.sh
# The Node runtime inside the nodejs buildpack, so staging downloads nothing
# (idempotent; scripts/setup.sh may already have done it).
bash src/lifecycle/buildpacks/nodejs/package-runtime.sh
export PATH="$PATH:/usr/sbin:/sbin"

if gantry cells >/dev/null 2>&1; then
  say "a gantry cluster already answers: using it"
  gantry cells
else
  say "starting a local cluster: $CELLS cells, $EXECUTOR executor"
  gantry up --cells "$CELLS" --executor "$EXECUTOR" --detach
fi

say "pushing the Node example (examples/node-app) as 'hello'"
gantry push hello -p examples/node-app --health-check http:/health -m 128M

say "scaling hello to $INSTANCES instances"
gantry scale hello "$INSTANCES"

say "pushing the static site (examples/static-site) as 'site'"
gantry push site -p examples/static-site -i 2 -m 64M

say "gantry status hello"
gantry status hello

say "curling every instance"
for app in hello site; do
  # Each running instance's host:port, from the status as JSON.
  mapfile -t addrs < <(gantry status "$app" --json | node -e '
    let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
      for (const a of JSON.parse(s).actual_lrps) {
        if (a.state !== "RUNNING" || a.presence !== "ORDINARY") continue;
        const port = a.net_info?.ports?.[0]?.host_port;
        if (port) console.log(`${a.key.index} ${a.net_info.address}:${port}`);
      }
    });')
  for line in "${addrs[@]}"; do
    index=${line%% *}; addr=${line#* }
    code=$(curl -s -o /tmp/gantry-up-body.$$ -w '%{http_code}' "http://$addr/")
    printf '  %-6s #%-2s http://%-22s %s  %s\n' "$app" "$index" "$addr" "$code" "$(head -c 120 /tmp/gantry-up-body.$$ | tr -s '\n' ' ')"
  done
done
rm -f /tmp/gantry-up-body.$$

cat <<'EOF'

gantry is running. Next:
  node bin/gantry visualize          watch the cells and instances live (Ctrl-C to stop watching)
  node bin/gantry cells              what each cell holds
  node bin/gantry logs hello         follow the app's logs
  node bin/gantry events             follow the BBS's events
  kill -9 <a cell's pid>             (pids: ~/.local/state/gantry/cluster.json) and watch its instances move
  node bin/gantry down               stop the cluster

(`npm link` puts `gantry` on your PATH.)
EOF
