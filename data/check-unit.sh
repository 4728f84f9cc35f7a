#!/usr/bin/env bash
# Usage: check-unit.sh SYSTEMD-ANALYZE UNIT-FILE
# systemd-analyze only warns about unknown keys or bad values (exit status 0), so any output
# at all counts as a failure here.
set -euo pipefail

analyze=$1
unit=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A user manager needs a runtime directory, which a CI job or a root shell may not have.
mkdir -m 0700 "$tmp/runtime"
cp "$unit" "$tmp/business-engine.service"

status=0
output=$(XDG_RUNTIME_DIR="$tmp/runtime" "$analyze" --user verify "$tmp/business-engine.service" 2>&1) \
  || status=$?
if [ "$status" -ne 0 ] || [ -n "$output" ]; then
  printf '%s\n' "$output" >&2
  echo "systemd-analyze verify: exit status $status" >&2
  exit 1
fi
