#!/usr/bin/env bash
# Proves what each production image may contain, from the same `turbo prune --docker` output the
# Dockerfiles build from (no Docker engine needed):
#   ingest image:  no TensorFlow (@tensorflow/*), no CLI, no trainer app;
#   trainer image: no yahoo-finance2, rss-parser, sentiment, Bull Board, no CLI, no ingest app;
# counting only what `npm ci --omit=dev` installs (lockfile entries not marked dev).
# Also checks that the turbo pinned in the Dockerfiles matches the lockfile's, and that the entry
# file each image runs exists. Run from anywhere; needs `npm ci` done (uses the local turbo).
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

turbo_version=$(node -p "require('./node_modules/turbo/package.json').version")
status=0
fail() { echo "check-image-isolation: FAIL: $*" >&2; status=1; }

for dockerfile in docker/ingest.Dockerfile docker/trainer.Dockerfile docker/trainer-gpu.Dockerfile; do
  pinned=$(sed -n 's/^ARG TURBO_VERSION=//p' "$dockerfile")
  [ "$pinned" = "$turbo_version" ] || fail "$dockerfile pins turbo $pinned, the lockfile has $turbo_version"
done

# app workspace | forbidden packages (exact names or scope/) | entry file
check() {
  local workspace=$1 forbidden=$2 entry=$3
  local dir="$out/${workspace#@alphapulse/}"
  local log
  if ! log=$(npx turbo prune "$workspace" --docker --out-dir "$dir" 2>&1); then
    echo "$log" >&2
    fail "turbo prune $workspace failed"
    return
  fi
  [ -f "$entry" ] || fail "$workspace: the image's entry $entry does not exist"
  node --input-type=module - "$dir" "$workspace" "$forbidden" <<'JS' || status=1
import { readFileSync } from 'node:fs';
const [dir, workspace, forbiddenList] = process.argv.slice(2);
const lock = JSON.parse(readFileSync(`${dir}/json/package-lock.json`, 'utf8'));
const manifest = JSON.parse(readFileSync(`${dir}/json/package.json`, 'utf8'));
const forbidden = forbiddenList.split(',');
const installed = Object.entries(lock.packages)
  .filter(([path, entry]) => path.includes('node_modules/') && !entry.dev)
  .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
const names = new Set(installed);
const hits = [...names].filter((name) => forbidden.some((f) => (f.endsWith('/') ? name.startsWith(f) : name === f)));
const workspaces = manifest.workspaces ?? [];
const strayApps = workspaces.filter((w) => w.startsWith('apps/') && w !== `apps/${workspace.replace('@alphapulse/', '')}`);
let ok = true;
if (hits.length > 0) { console.error(`check-image-isolation: FAIL: ${workspace} image would install ${hits.sort().join(', ')}`); ok = false; }
if (strayApps.length > 0) { console.error(`check-image-isolation: FAIL: ${workspace} image would include ${strayApps.join(', ')}`); ok = false; }
if (ok) console.log(`check-image-isolation: OK: ${workspace}: ${names.size} production packages, workspaces [${workspaces.join(' ')}], none of ${forbidden.join(' ')}`);
process.exit(ok ? 0 : 1);
JS
}

check @alphapulse/ingest '@tensorflow/,alphapulse,@alphapulse/trainer' apps/ingest/src/main.ts
check @alphapulse/trainer 'yahoo-finance2,rss-parser,sentiment,@bull-board/,alphapulse,@alphapulse/ingest' apps/trainer/src/main.ts

# The trainer image must still get its native TensorFlow binding.
node -e "
const lock = require('$out/trainer/json/package-lock.json');
if (!lock.packages['node_modules/@tensorflow/tfjs-node']) { console.error('check-image-isolation: FAIL: @tensorflow/tfjs-node is not in the trainer lockfile'); process.exit(1); }
" || status=1

exit $status
