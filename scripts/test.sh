#!/usr/bin/env bash
# The whole suite, as `npm test` and CI run it: build (the API tests serve the built playground and dashboard),
# then every jest suite. Extra arguments go to jest, e.g. `npm test -- test/unit`.
set -euo pipefail
cd "$(dirname "$0")/.."

npm run build --silent
bash scripts/ensure-chromium.sh
bash scripts/ensure-bubblewrap.sh

results="$(mktemp -d)/jest.json"
status=0
npx jest --json --outputFile="$results" "$@" || status=$?
# A plain closing line any CI can read, whatever the runner prints above it.
node -e '
  const r = require(process.argv[1]);
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
' "$results" || true
exit "$status"
