#!/usr/bin/env bash
# Builds the admin UI when its sources are newer than the last build.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dist=packages/web/dist/index.html
if [ ! -f "$dist" ] || [ -n "$(find packages/web -path packages/web/dist -prune -o -path packages/web/node_modules -prune -o -type f -newer "$dist" -print -quit)" ]; then
  echo "kizuna: building the admin UI" >&2
  npx vite build packages/web --logLevel warn >&2
fi
