# AlphaPulse trainer tier (compute): tuning, training, evaluation, registry, predictions, drift.
#
#   docker build -f docker/trainer.Dockerfile -t alphapulse/trainer .    (from the repository root)
#
# Built from a workspace pruned to @alphapulse/trainer and the libs it depends on, so the image
# holds none of the ingest tier's sources (yahoo-finance2, rss-parser, sentiment, Bull Board)
# and no CLI. TensorFlow runs natively through @tensorflow/tfjs-node (libtensorflow, CPU).
# For NVIDIA GPUs see docker/trainer-gpu.Dockerfile.

ARG NODE_IMAGE=node:22-bookworm-slim

# ---- 1. prune --------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS prune
# Keep in step with the turbo in the root package-lock.json (checked by .ci/check-image-isolation.sh).
ARG TURBO_VERSION=2.11.11
ENV TURBO_TELEMETRY_DISABLED=1
WORKDIR /src
COPY . .
RUN npx --yes "turbo@${TURBO_VERSION}" prune @alphapulse/trainer --docker --out-dir /out \
 && cp tsconfig.json tsconfig.base.json /out/full/

# ---- 2. deps ---------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS deps
# Only for node-pre-gyp's fallback: when no prebuilt tfjs-node binding matches, it compiles one.
# These tools stay in this stage and never reach the runtime image.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
# A mirror of storage.googleapis.com for libtensorflow, for builders without direct access.
ARG TFJS_NODE_CDN_STORAGE
WORKDIR /app
COPY --from=prune /out/json/ ./
# Install scripts, explicitly: `npm ci --ignore-scripts` installs the tree without running any,
# then `npm rebuild @tensorflow/tfjs-node` runs exactly the one we need (it downloads
# libtensorflow and the native binding). Why not rely on the defaults:
#  - tfjs-node is an optionalDependency: when its script fails during a plain `npm ci`, npm
#    drops it without failing the install, and the image would silently train on wasm/cpu.
#    `npm rebuild` of a named package fails the build instead.
#  - npm 10 (bundled with node:22) runs every dependency's script by default; npm 11 gates them
#    behind package.json#allowScripts (advisory today, blocking in a later release). Naming the
#    package on the command line behaves the same under both.
# The last line proves the native backend loads before the image is accepted.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm rebuild @tensorflow/tfjs-node --foreground-scripts \
 && node -e "const tf = require('@tensorflow/tfjs-node'); if (tf.getBackend() !== 'tensorflow') { console.error('tfjs-node backend is', tf.getBackend()); process.exit(1); } console.log('tfjs-node OK, TensorFlow', tf.version.tfjs)" \
 && npm cache clean --force \
 && test ! -e node_modules/yahoo-finance2 \
 && test ! -e node_modules/rss-parser \
 && test ! -e node_modules/sentiment \
 && test ! -e node_modules/alphapulse

# ---- 3. runtime ------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    TRAINER_PORT=8181 \
    DATA_DIR=/data \
    TF_BACKEND=tensorflow \
    TF_CPP_MIN_LOG_LEVEL=2 \
    TURBO_TELEMETRY_DISABLED=1
WORKDIR /app
COPY --from=deps /app/ ./
COPY --from=prune /out/full/ ./
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 8181
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.TRAINER_PORT || 8181}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--import", "tsx", "apps/trainer/src/main.ts"]
