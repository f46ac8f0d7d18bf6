# AlphaPulse trainer tier on NVIDIA GPUs: the trainer image with @tensorflow/tfjs-node-gpu in place
# of @tensorflow/tfjs-node, on a CUDA runtime base. Selected at run time by TF_BACKEND=tensorflow-gpu.
#
#   docker build -f docker/trainer-gpu.Dockerfile -t alphapulse/trainer-gpu .   (from the repository root)
#   docker compose -f docker/compose.yml --profile gpu up                      (needs nvidia-container-toolkit)
#
# tfjs-node-gpu 4.22 loads libtensorflow 2.9.1, which was built against CUDA 11.2 and cuDNN 8.1:
# it needs a CUDA 11.x runtime (libcudart.so.11.0, libcublas.so.11) and cuDNN 8 in the image, and
# an NVIDIA driver >= 450.80 on the host. CUDA 12 images lack those sonames. Override CUDA_IMAGE to
# use another 11.x/cuDNN 8 runtime.

ARG NODE_IMAGE=node:22-bookworm-slim
ARG CUDA_IMAGE=nvidia/cuda:11.8.0-cudnn8-runtime-ubuntu22.04

# Node itself comes from the official image: its binaries need glibc >= 2.28 (Ubuntu 22.04 has 2.35).
FROM ${NODE_IMAGE} AS node

# ---- 1. prune --------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS prune
# Keep in step with the turbo in the root package-lock.json (checked by .ci/check-image-isolation.sh).
ARG TURBO_VERSION=2.11.11
ENV TURBO_TELEMETRY_DISABLED=1
WORKDIR /src
COPY . .
RUN npx --yes "turbo@${TURBO_VERSION}" prune @alphapulse/trainer --docker --out-dir /out \
 && cp tsconfig.json tsconfig.base.json /out/full/

# ---- CUDA runtime + Node 22 (shared by the deps and runtime stages, so native code is built
# ---- and run against the same glibc) --------------------------------------------------------
FROM ${CUDA_IMAGE} AS cuda-node
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules /usr/local/lib/node_modules
COPY --from=node /usr/local/include/node /usr/local/include/node
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && node --version && npm --version

# ---- 2. deps ---------------------------------------------------------------------------------
FROM cuda-node AS deps
# python3/make/g++ only for node-pre-gyp's fallback build of the binding; this stage only.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
ARG TFJS_NODE_CDN_STORAGE
WORKDIR /app
COPY --from=prune /out/json/ ./
# Swap the optional CPU binding for the GPU one in the pruned trainer manifest. `npm install`
# (not `npm ci`, since the manifest changed) keeps every other package at its locked version and
# resolves only tfjs-node-gpu. Install scripts: none by default, then exactly tfjs-node-gpu's
# (it downloads the GPU libtensorflow; see docker/trainer.Dockerfile for why it is explicit).
# Loading the binding needs the NVIDIA driver, which a build does not have, so the build checks
# that the native files are in place and the container proves the backend at start (/status).
RUN npm pkg delete 'optionalDependencies.@tensorflow/tfjs-node' -w @alphapulse/trainer \
 && npm pkg set 'optionalDependencies.@tensorflow/tfjs-node-gpu=4.22.0' -w @alphapulse/trainer \
 && npm install --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm rebuild @tensorflow/tfjs-node-gpu --foreground-scripts \
 && ls node_modules/@tensorflow/tfjs-node-gpu/lib/napi-v*/tfjs_binding.node \
 && ls node_modules/@tensorflow/tfjs-node-gpu/deps/lib/libtensorflow.so* \
 && npm cache clean --force \
 && test ! -e node_modules/@tensorflow/tfjs-node \
 && test ! -e node_modules/yahoo-finance2 \
 && test ! -e node_modules/alphapulse

# ---- 3. runtime ------------------------------------------------------------------------------
FROM cuda-node AS runtime
ENV NODE_ENV=production \
    TRAINER_PORT=8181 \
    DATA_DIR=/data \
    TF_BACKEND=tensorflow-gpu \
    TF_CPP_MIN_LOG_LEVEL=2 \
    TF_FORCE_GPU_ALLOW_GROWTH=true \
    TURBO_TELEMETRY_DISABLED=1
RUN groupadd --gid 1000 node \
 && useradd --uid 1000 --gid node --shell /usr/sbin/nologin --create-home node \
 && mkdir -p /data && chown node:node /data
WORKDIR /app
COPY --from=deps /app/ ./
COPY --from=prune /out/full/ ./
# The pruned sources still name the CPU binding; the installed manifest is the GPU one.
COPY --from=deps /app/apps/trainer/package.json ./apps/trainer/package.json
USER node
EXPOSE 8181
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.TRAINER_PORT || 8181}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--import", "tsx", "apps/trainer/src/main.ts"]
