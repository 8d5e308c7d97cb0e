# Herald as users deploy it: compiled JavaScript on Node 20, pointed at a MongoDB and a NATS JetStream by environment.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig*.json nest-cli.json ./
COPY apps apps
COPY libs libs
COPY plugins plugins
RUN npm ci --no-audit --no-fund && npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production HERALD_HTTP_HOST=0.0.0.0 HERALD_HTTP_PORT=8080
WORKDIR /app
COPY --from=build /app /app
USER node
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s CMD node -e "fetch('http://127.0.0.1:8080/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENV HERALD_MAX_HEAP_MB=384 HERALD_SEMI_SPACE_MB=32
CMD ["sh", "-c", "exec node --max-old-space-size=$HERALD_MAX_HEAP_MB --initial-old-space-size=$((HERALD_MAX_HEAP_MB / 2)) --max-semi-space-size=$HERALD_SEMI_SPACE_MB apps/herald/dist/main.js"]
