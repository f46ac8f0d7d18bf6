# AlphaPulse ingest tier (orchestration): sources, ingest jobs, REST API, Bull Board, schedules.
#
#   docker build -f docker/ingest.Dockerfile -t alphapulse/ingest .      (from the repository root)
#
# Built from a workspace pruned to @alphapulse/ingest and the libs it depends on, so the image
# holds no TensorFlow and no CLI (apps/cli depends on both tiers and never ships in an image).
# .ci/check-image-isolation.sh checks that the pruned lockfile stays that way.

ARG NODE_IMAGE=node:22-bookworm-slim

# ---- 1. prune: the ingest app, its libs, and a lockfile cut down to them -------------------
FROM ${NODE_IMAGE} AS prune
# Keep in step with the turbo in the root package-lock.json (checked by .ci/check-image-isolation.sh).
ARG TURBO_VERSION=2.11.11
ENV TURBO_TELEMETRY_DISABLED=1
WORKDIR /src
COPY . .
RUN npx --yes "turbo@${TURBO_VERSION}" prune @alphapulse/ingest --docker --out-dir /out \
 && cp tsconfig.json tsconfig.base.json /out/full/

# ---- 2. deps: production dependencies from the pruned package.json files + lockfile --------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY --from=prune /out/json/ ./
# --ignore-scripts: no ingest dependency needs an install script (esbuild, used by tsx, and
# msgpackr-extract ship prebuilt binaries as platform packages), so none runs. That is the
# same under npm 10 (bundled with node:22, runs every script by default) and npm 11 (whose
# allowScripts policy would otherwise only warn about unreviewed scripts).
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force \
 && test ! -e node_modules/@tensorflow \
 && test ! -e node_modules/alphapulse

# ---- 3. runtime: sources run by tsx (no compile step), as the unprivileged `node` user ------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    INGEST_PORT=3000 \
    DATA_DIR=/data \
    TURBO_TELEMETRY_DISABLED=1
WORKDIR /app
# Code and dependencies stay owned by root (read-only to the app); only DATA_DIR is writable,
# used for the embedded fallbacks when DATABASE_URL / MINIO_ENDPOINT are not set.
COPY --from=deps /app/ ./
COPY --from=prune /out/full/ ./
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=40s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.INGEST_PORT || 3000}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM goes straight to node (exec form, no shell): the app drains its workers and exits 0.
CMD ["node", "--import", "tsx", "apps/ingest/src/main.ts"]
