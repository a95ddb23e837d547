# syntax=docker/dockerfile:1
# The neox-check GitHub App server, compiled. Build: docker build -t neox-check .
# Run: docker run --env-file .env -p 3000:3000 neox-check (docs/docker.md).

# Build stage: dev dependencies (TypeScript) and the sources; only dist/ leaves it.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# Production dependencies only, installed apart so the runtime stage gets no npm cache or dev packages.
FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# Runtime stage: Node, production dependencies, the compiled server and the App manifest. No demo,
# no tests, no TypeScript loader.
FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0
WORKDIR /app
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY package.json app.yml ./
# The image's `node` user (uid 1000): owns nothing in /app, so the server cannot rewrite its own code.
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/ping').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Exec form with node itself as PID 1 (no npm, no shell): `docker stop` sends SIGTERM straight to the
# server. Run with `--init` to also reap any child processes.
STOPSIGNAL SIGTERM
CMD ["node", "dist/github/server.js"]
