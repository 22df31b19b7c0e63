#!/usr/bin/env bash
# The test command: sets up what is missing, typechecks, then runs every test
# file with node's own test runner (unit, integration with a real nats-server
# and Docker engine, end to end).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PATH:/usr/sbin:/sbin"
npx tsc --noEmit -p .
mapfile -t files < <(find test -name '*.test.ts' | sort)
echo "running ${#files[@]} test files" >&2
exec node --import tsx --test "${files[@]}"
