#!/usr/bin/env bash
# Makes the project runnable on a machine that has only some Node.js and npm:
# provisions Node 24 into .tools/ when the system node is older (never over the
# system's node), puts it first on PATH, and installs npm packages when the lock
# file changed since the last install. Then runs the given command.
#   scripts/toolchain.sh [--browser] command args...
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

want_major=24
min_major=22
major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(major node)" -lt "$min_major" ]; then
  if [ "$(major "$root/.tools/node_modules/.bin/node")" -lt "$want_major" ]; then
    echo "kizuna: provisioning Node.js $want_major into .tools/ (system node is $(node -v 2>/dev/null || echo missing))" >&2
    npm install --silent --no-audit --no-fund --prefix "$root/.tools" "node@$want_major" >&2
  fi
  export PATH="$root/.tools/node_modules/.bin:$PATH"
fi

# npm itself runs on the node first on PATH from here on.
stamp="$root/node_modules/.kizuna-lock-hash"
lock_hash="$(sha256sum package-lock.json package.json packages/*/package.json | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_hash" ]; then
  echo "kizuna: installing npm packages" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
  echo "$lock_hash" > "$stamp"
fi

if [ "${1:-}" = "--browser" ]; then
  shift
  # Japanese fonts, so that screenshots of the Japanese-first UI show its text, not boxes.
  if [ ! -x /usr/bin/chromium ] || ! fc-list :lang=ja 2>/dev/null | grep -q .; then
    echo "kizuna: installing Debian's chromium and Japanese fonts for browser tests" >&2
    sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium fonts-noto-cjk >&2
  fi
fi

exec "$@"
