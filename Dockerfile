# One base for both stages: node_modules is installed in the build stage and copied as-is, so the
# runtime must have the same Node version, ABI and libc as the stage that installed it.
ARG NODE_IMAGE=node:20-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app

# Manifests first, so the dependency layer is rebuilt only when the lockfile changes.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# The whole filtered context, not a list of folders: tsconfig.build.json decides what is compiled
# (src/, bench/gateway-process.ts and whatever they import), and a list here would drift from it.
# .dockerignore keeps tests, secrets and local output out; nothing from this stage but dist/ and
# node_modules reaches the final image.
COPY . .
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE}
# Yoga masks error details unless NODE_ENV=development; production also keeps libraries on their
# fast paths.
ENV NODE_ENV=production
# The gateway defaults to 127.0.0.1, which is unreachable from outside a container.
ENV HOST=0.0.0.0 PORT=4000
WORKDIR /app

# Code stays owned by root: the process (user node) can read it but not rewrite it. The whole of
# dist/ is copied because compiled modules import across its subfolders. tsx is still in
# node_modules because it is a runtime dependency of `npm start`, but this image runs the compiled
# output, which needs neither tsx's loader thread nor its memory.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The saved example operations GraphiQL offers as tabs (when GATEWAY_GRAPHIQL is on).
COPY --from=build /app/examples ./examples
# The SSO console's committed bundle, inlined into /console (when GATEWAY_CONSOLE is on).
COPY --from=build /app/console/bundle ./console/bundle

# The gateway writes nothing to disk unless GATEWAY_AUDIT_LOG is set; then mount a volume the node
# user can write to.
USER node
EXPOSE 4000

# Slim images have no curl or wget; Node 20 has fetch. /health is liveness only and needs no
# credentials; orchestrators that distinguish readiness should probe /ready instead.
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

# Exec form, no npm or shell wrapper: node is PID 1 and receives SIGTERM itself, which starts the
# gateway's bounded drain (GATEWAY_SHUTDOWN_TIMEOUT_MS, 10 s by default). The gateway spawns no
# child processes, so no init is needed to reap them.
CMD ["node", "dist/src/main.js"]
