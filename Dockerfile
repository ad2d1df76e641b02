# syntax=docker/dockerfile:1

# Build: compile TypeScript with the dev dependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /app
# The workspaces' package.json too: the lockfile names the simulator and client packages.
COPY package.json package-lock.json ./
COPY packages/simulator/package.json ./packages/simulator/
COPY packages/client/package.json ./packages/client/
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
# The gateway alone (tsconfig.build.json leaves out the demo, which embeds the simulator).
COPY src ./src
RUN npm run build

# The simulator package, compiled on its own.
FROM build AS simulator-build
COPY packages/simulator ./packages/simulator
RUN npm run build -w @navixy-panel-gateway/simulator

# The Panel API simulator, for the demo only (compose.yaml's `demo` profile): its compiled CLI
# imports nothing but Node, so node and its package.json (for "type": "module") are enough.
# Not the default target: `docker build .` makes the gateway's image below.
FROM node:20-bookworm-slim AS simulator
ENV NODE_ENV=production \
    SIMULATOR_HOST=0.0.0.0 \
    SIMULATOR_PORT=8090
WORKDIR /app
COPY packages/simulator/package.json ./
COPY --from=simulator-build /app/packages/simulator/dist ./dist
USER 1000:1000
EXPOSE 8090
CMD ["node", "dist/cli.js"]

# Runtime (the last stage, so the default target): production dependencies and the compiled
# output only, as a non-root user.
FROM node:20-bookworm-slim AS runtime
# Memory (docs/performance.md; the benchmark runs with the same flags): an 8 MiB young generation
# (32 MiB let resident memory drift to 250 MiB between collections), and, on the command line
# since NODE_OPTIONS may not carry it, an old generation collected once it grows by half of what
# survived the last collection (V8's own factor, up to 4, let it peak near 200 MiB): resident
# memory stays flat near 130 MiB at 300 req/s.
ENV NODE_ENV=production \
    NODE_OPTIONS=--max-semi-space-size=8 \
    PORT=8080
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/simulator/package.json ./packages/simulator/
COPY packages/client/package.json ./packages/client/
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The keys CLI (package.json "bin") on the PATH: `docker run --rm … navixy-panel-gateway npg-keys list`.
RUN chmod 755 dist/src/keys-cli.js \
 && ln -s /app/dist/src/keys-cli.js /usr/local/bin/npg-keys
# Numeric (node is uid 1000 in this image): Kubernetes' runAsNonRoot can check a uid, not a name.
USER 1000:1000
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself is PID 1 (exec form, no npm, no shell): SIGTERM reaches the gateway, which drains
# in-flight requests before it exits. `npm start` is for a checkout, not for the image.
CMD ["node", "--heap-growing-percent=50", "dist/src/main.js"]
