#!/bin/sh
# with-keyring.sh PROGRAM ARGS...
#
# Runs PROGRAM on a private session bus with its own gnome-keyring, unlocked with a throw-away
# password, so that libsecret works headless and never touches the user's real keyring.
# Everything (keyring files, control socket, the bus, the daemon) is gone when it returns.
# DISPLAY is unset: with a display, gnome-keyring could show a prompt that nobody answers.
#
# Without dbus-run-session or gnome-keyring-daemon it reports a TAP skip: meson's TAP
# protocol counts exit status 77 as an error, so "1..0 # SKIP" with status 0 is the skip.

set -eu

if [ "$#" -lt 1 ]; then
  echo "usage: $0 PROGRAM [ARGS...]" >&2
  exit 2
fi

skip () {
  echo "1..0 # SKIP $1"
  echo "with-keyring.sh: skipping: $1" >&2
  exit 0
}

command -v dbus-run-session >/dev/null 2>&1 || skip "dbus-run-session is not installed"
command -v gnome-keyring-daemon >/dev/null 2>&1 || skip "gnome-keyring-daemon is not installed"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bs-keyring-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP
mkdir "$tmp/data" "$tmp/runtime" "$tmp/config" "$tmp/cache"
chmod 700 "$tmp" "$tmp/data" "$tmp/runtime" "$tmp/config" "$tmp/cache"

unset DISPLAY WAYLAND_DISPLAY GNOME_KEYRING_CONTROL SSH_AUTH_SOCK
export XDG_DATA_HOME="$tmp/data" XDG_RUNTIME_DIR="$tmp/runtime"
export XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache"
# Tells a test that it runs inside this wrapper, on a keyring it may change.
export BS_TEST_PRIVATE_KEYRING=1

status=0
dbus-run-session -- sh -c '
  eval "$(printf secret-pw | gnome-keyring-daemon --unlock --daemonize --components=secrets)"
  [ -n "${GNOME_KEYRING_CONTROL:-}" ] && export GNOME_KEYRING_CONTROL
  exec "$@"' with-keyring "$@" || status=$?
exit "$status"
