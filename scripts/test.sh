#!/usr/bin/env bash
# npm test: typecheck, lint, then every test (unit, integration on PGlite and on
# PostgreSQL when DATABASE_URL is set, and the browser test against a built UI).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
echo "kizuna: typecheck" >&2
npx tsc --noEmit -p .
echo "kizuna: lint" >&2
npx biome check .
scripts/build-web-if-stale.sh
npx vitest run "$@"
