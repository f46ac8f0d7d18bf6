#!/usr/bin/env bash
# Validates docker/compose.yml with whichever Compose is installed (the classic docker-compose
# 1.29 from Debian, the `docker compose` v2 plugin, or both):
#   - the file renders with the required secrets set, with and without the gpu profile;
#   - it refuses to render when API_TOKEN is missing (no default secret hides in the file).
# Needs no Docker engine. Skips, saying why, when no Compose binary exists.
set -euo pipefail
cd "$(dirname "$0")/.."

compose_file=docker/compose.yml
runners=()
if command -v docker-compose >/dev/null 2>&1; then
  runners+=("docker-compose")
fi
if command -v docker >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; then
  runners+=("docker compose")
fi
if [ "${#runners[@]}" -eq 0 ]; then
  echo "check-compose: SKIPPED: neither docker-compose nor the docker compose plugin is installed (apt-get install -y docker-compose)"
  exit 0
fi

empty_env=$(mktemp)
trap 'rm -f "$empty_env"' EXIT

# Throwaway values, generated per run: only to satisfy the ${VAR:?} guards.
secret() { head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
export API_TOKEN POSTGRES_PASSWORD MINIO_ROOT_PASSWORD
API_TOKEN=$(secret)
POSTGRES_PASSWORD=$(secret)
MINIO_ROOT_PASSWORD=$(secret)

for runner in "${runners[@]}"; do
  read -r -a cmd <<<"$runner"
  # An empty --env-file: a developer's docker/.env must not make the checks pass or fail.
  cmd+=(--env-file "$empty_env")
  version=$($runner version --short 2>/dev/null || $runner version | head -1)
  "${cmd[@]}" -f "$compose_file" config -q
  "${cmd[@]}" -f "$compose_file" --profile gpu config -q
  rendered=$("${cmd[@]}" -f "$compose_file" --profile gpu config)
  for service in redis postgres minio minio-init ingest trainer trainer-gpu; do
    if ! grep -Eq "^  ${service}:" <<<"$rendered"; then
      echo "check-compose: FAIL ($runner): service '$service' missing from the rendered file" >&2
      exit 1
    fi
  done
  if env -u API_TOKEN "${cmd[@]}" -f "$compose_file" config -q >/dev/null 2>&1; then
    echo "check-compose: FAIL ($runner): the file renders without API_TOKEN; it must refuse" >&2
    exit 1
  fi
  echo "check-compose: OK ($runner $version): $compose_file valid (default and gpu profile), refuses to render without API_TOKEN"
done
