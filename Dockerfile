# syntax=docker/dockerfile:1
# One crawl per container start (a CronJob/systemd/cron job), as the unprivileged `node` user, with
# production dependencies only, on Node 24 LTS. Outputs and the state database live in the /app/out volume.
# Config: the bundled sources.json and watchlist.json, or a mounted directory named by WIREWATCH_CONFIG_DIR.
FROM node:24-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary can be fetched.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts \
 && npm rebuild better-sqlite3 esbuild
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build \
 && npm prune --omit=dev

FROM node:24-bookworm-slim
# MALLOC_ARENA_MAX, MALLOC_MMAP_THRESHOLD_ and the --max-*-space-size flags: src/runtime.ts (they must be set
# before Node starts).
ENV NODE_ENV=production TZ=UTC MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=65536
WORKDIR /app
# The Chromium variant (`docker build --build-arg WITH_CHROMIUM=1 -t wirewatch:chromium .`) for sources with
# "fetch": "browser" or "auto": Debian's own chromium package, never a downloaded browser build. Without it such
# a source is reported `blocked` with an install hint.
ARG WITH_CHROMIUM=0
RUN if [ "$WITH_CHROMIUM" = "1" ]; then \
      apt-get update \
      && apt-get install -y --no-install-recommends chromium fonts-noto-cjk \
      && rm -rf /var/lib/apt/lists/*; \
    fi
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json sources.json watchlist.json ./
COPY --chown=node:node bin ./bin
COPY --chown=node:node schemas ./schemas
# What the documented commands read besides the config: `demo` replays the bundled fixtures, `watchlist test`
# runs the labelled cases (both found beside the package, wherever the command starts).
COPY --chown=node:node fixtures ./fixtures
COPY --chown=node:node tests/watchlist-cases.json ./tests/watchlist-cases.json
RUN mkdir -p /app/out && chown node:node /app/out
USER node
VOLUME ["/app/out"]
ENTRYPOINT ["node", "--max-semi-space-size=4", "--max-old-space-size=512", "bin/wirewatch.js"]
CMD ["crawl", "--out", "/app/out"]
