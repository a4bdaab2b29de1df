# contacts-graph: the GraphQL service, production image.
#   docker build -t contacts-graph .
#   docker run -p 4000:4000 -e SFMC_SUBDOMAIN=… -e SFMC_CLIENT_ID=… -e SFMC_CLIENT_SECRET=… -e AUTH_JWKS_URL=… \
#     -e AUTH_ISSUER=… -e AUTH_AUDIENCE=… contacts-graph
# Without SFMC_* it runs against the built-in emulator (a demo; nothing persists).
# test/production-install.test.ts performs these same steps outside Docker in CI.

# Build: all dependencies, TypeScript compiled to dist/.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# Runtime: production dependencies only, compiled code, an unprivileged user.
FROM node:20-bookworm-slim AS runtime
# A bounded old space keeps V8 from sizing its heap for a host-sized limit (see docs/deployment.md, "Memory").
ENV NODE_ENV=production \
    NODE_OPTIONS=--max-old-space-size=512 \
    HOST=0.0.0.0 \
    PORT=4000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
EXPOSE 4000
# Liveness only: /health never calls SFMC. (Kubernetes ignores HEALTHCHECK; use the probes in docs/deployment.md.)
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node as PID 1 receives SIGTERM directly and drains (see "Shutdown and probes"); no npm wrapper in between.
# No allocation-site pretenuring: V8 would allocate per-request objects straight in the old generation, where they
# outlive their request until a major GC (docs/deployment.md, "Memory"). NODE_OPTIONS may not carry this flag.
CMD ["node", "--no-allocation-site-pretenuring", "dist/src/cli/serve.js"]
