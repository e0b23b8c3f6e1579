# release-train: the GitHub App server (webhooks, /healthz, /readyz, /metrics).
#   docker build -t release-train .
#   docker run --env-file .env -e PRIVATE_KEY_PATH=/run/secrets/app.pem \
#     -v "$PWD/app.pem:/run/secrets/app.pem:ro" -p 3000:3000 release-train
# See docs/operations.md for the variables.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# tsconfig.build.json: src/ -> dist/ (dist/main.js is the entry), without the demo; the simulator
# (packages/github-sim) is not copied in. .ci/prod-deps-check loads dist/ with these dependencies.
RUN npm run build

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
# No packages/ folder here: npm installs neither the simulated GitHub (the packages/github-sim
# workspace) nor the dependencies only it needs; .ci/prod-deps-check installs the same way.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
# Liveness only: readiness (/readyz, Redis included) is for the orchestrator's routing.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM stops accepting webhooks and lets running reconciles finish (SHUTDOWN_TIMEOUT_SECONDS).
STOPSIGNAL SIGTERM
CMD ["node", "dist/main.js"]
