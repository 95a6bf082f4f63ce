# Vantage in one image: the API, which also serves the built web app, on port 3000.
# Build: docker build -t vantage .    Run: see docker-compose.yml (PostgreSQL, SMTP and secrets come from outside).

# --- build: every dependency, dev ones included, to compile contracts, the web app and the API ---
FROM node:20.20-bookworm-slim AS build
# npm 11 runs only the install scripts package.json approves (allowScripts), as on a developer's machine.
RUN npm install -g npm@11.19.1
WORKDIR /app
COPY package.json package-lock.json ./
COPY contracts/package.json contracts/
COPY api/package.json api/
COPY web/package.json web/
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json ./
COPY contracts contracts
COPY api api
COPY web web
RUN npm run build

# --- runtime: production dependencies of the API and contracts only, the compiled output, a non-root user ---
FROM node:20.20-bookworm-slim AS runtime
RUN npm install -g npm@11.19.1
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
COPY contracts/package.json contracts/
COPY api/package.json api/
COPY web/package.json web/
RUN npm ci --omit=dev --workspace api --workspace contracts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/contracts/dist contracts/dist
COPY --from=build /app/api/dist api/dist
COPY --from=build /app/web/dist web/dist
# The app's files stay root's (read-only to it); only DATA_DIR is its own.
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
# node, not curl: the slim image has no curl. 503 (database unreachable) or no answer → unhealthy.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM (docker stop): requests in flight finish (10 s at most), then the app exits 0; give it that long.
STOPSIGNAL SIGTERM
CMD ["node", "api/dist/main.js"]
