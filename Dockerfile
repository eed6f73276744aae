# syntax=docker/dockerfile:1
# Weft server image: `docker build -t weft:0.1.0 .`
#   docker run -p 8787:8787 -e WEFT_DB_URL=postgres://… -e WEFT_ADMIN_KEY=… weft:0.1.0
# Kubernetes manifests that use it: deploy/k8s/ (see deploy/k8s/README.md).
# The Node.js LTS that Weft is built and measured on (.nvmrc says the same).
ARG NODE_IMAGE=node:24-bookworm-slim

# ---- build: native addons (better-sqlite3, isolated-vm), TypeScript, the studio ----
FROM ${NODE_IMAGE} AS build
# Both addons ship prebuilt binaries for linux x64/arm64 (glibc and musl); the compiler is only for the
# platforms they do not cover, where isolated-vm builds from source.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Dependencies first, so this layer is cached while only sources change. --ignore-scripts because
# `prepare` would build before the sources are copied; the addons' own install scripts run in rebuild.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts \
 && npm rebuild isolated-vm esbuild
COPY . .
RUN npm run build \
 && npm prune --omit=dev

# ---- runtime: production node_modules, dist/ (incl. dist/studio), bin/ ----
FROM ${NODE_IMAGE} AS runtime
# --no-node-snapshot: isolated-vm asks for it on Node >= 20. Set here, `weft` starts with it at once
# (elsewhere bin/weft.js re-executes itself with it; see src/cli/launch.ts).
ENV NODE_ENV=production \
    NODE_OPTIONS=--no-node-snapshot
WORKDIR /app
# Code stays owned by root and read-only to the process; only .weft/ (the SQLite default when no
# WEFT_DB_URL is set, e.g. a local `docker run`) is writable. Kubernetes runs it with a read-only root.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
RUN mkdir -p /app/.weft && chown 1000:1000 /app/.weft
# The image's `node` user, numeric so Kubernetes can verify runAsNonRoot.
USER 1000:1000
EXPOSE 8787
ENTRYPOINT ["node", "bin/weft.js"]
CMD ["serve", "--host", "0.0.0.0"]
