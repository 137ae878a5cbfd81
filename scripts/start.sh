#!/usr/bin/env bash
# npm start: build the admin UI if needed, then run everything in one process.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/build-web-if-stale.sh
exec node packages/cli/src/main.ts start
