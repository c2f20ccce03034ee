// The production server: Next.js behind a plain Node HTTP server, for what `next start` cannot give us.
// 1. The client's real address. Next.js only fills X-Forwarded-For when a client has not sent one, so a caller could
//    choose their own address and walk past a key's IP allowlist. Here every request carries the socket's address
//    in an internal header that overwrites whatever the client sent under that name.
//    Likewise a request that repeats a credential header is marked, since Node keeps only the first Authorization.
// 2. A checked start: the whole environment is validated before anything listens, and until start-up (migrations,
//    seed, LISTEN, usage replay) has finished every request is answered 503 here instead of reaching a route.
// 3. A graceful stop in the right order: stop accepting, finish what is in flight, then flush buffered usage, then exit.
// 4. The lean path: the hot key-authenticated routes answered without the framework's router (lib/http/lean-path.mjs).
// 5. Every core: with WEB_CONCURRENCY above 1 (by default, one per core) this process becomes the primary of that
//    many workers, each running everything below (lib/ops/workers.mjs).
import cluster from "node:cluster";
import { createServer } from "node:http";
import { availableParallelism } from "node:os";
import path from "node:path";
import next from "next";
import { describeEnvProblems, serverEnvSchema } from "./lib/infra/env-schema.mjs";
import { loadLeanRoutes, serveLean } from "./lib/http/lean-path.mjs";
import { runPrimary } from "./lib/ops/workers.mjs";

// Keep in step with lib/http/client-ip.ts and lib/api/gate/read-key.ts.
const SOCKET_IP_HEADER = "x-latchkey-socket-ip";
const DUPLICATE_CREDENTIALS_HEADER = "x-latchkey-duplicate-credentials";
const SHUTDOWN_GRACE_MS = 15_000;
const STARTING_RETRY_AFTER_SECONDS = "2";
const MAX_DEFAULT_WORKERS = 8;

// The same schema as lib/infra/env.ts, plus this file's own PORT and HOSTNAME: one run lists every problem.
const settings = serverEnvSchema.safeParse(process.env);
if (!settings.success) {
  console.error(describeEnvProblems(settings.error));
  process.exit(1);
}
const { PORT: port, HOSTNAME: hostname, LEAN_PATH: leanPath, DATABASE_URL: databaseUrl } = settings.data;

// Set by serve(): the HTTP server this process runs, and whether start-up is done.
let server;
let started = false;
let stopping = false;

if (cluster.isPrimary) {
  const workers = workerCount(settings.data.WEB_CONCURRENCY);
  if (workers > 1) {
    runPrimary(workers);
  } else {
    await serve();
  }
} else {
  // Messages to a primary that is gone fail with an 'error' on process; the shutdown below deals with that case.
  process.on("error", (error) => {
    if (error?.code !== "ERR_IPC_CHANNEL_CLOSED") throw error;
  });
  await serve();
  // The primary is gone (killed): no connection can reach this worker any more. Stop as on SIGTERM, flushing usage.
  // Node's cluster would end a worker whose primary disconnects at once (process.exit, nothing flushed) unless the
  // disconnect counts as expected: said so here, so that the stop below runs instead.
  if (cluster.worker) cluster.worker.exitedAfterDisconnect = true;
  process.on("disconnect", () => void shutdown("primary gone"));
}

function workerCount(asked) {
  if (!databaseUrl) {
    // PGlite is a database inside this process: a second process cannot open its folder.
    if (asked > 1) console.warn(`[latchkey] WEB_CONCURRENCY=${asked} ignored: the embedded database serves one process`);
    return 1;
  }
  // Each worker holds its own database pool (up to 10 connections, and one to LISTEN): by default no more than 8.
  return asked ?? Math.min(availableParallelism(), MAX_DEFAULT_WORKERS);
}

async function serve() {
  // Start-up runs inside Next.js (instrumentation.ts → lib/ops/startup.ts), which calls it as soon as app.prepare() has
  // built the server, and reports its end here. It retries while the database cannot be reached; any other failure
  // ends the process.
  const startup = new Promise((resolve, reject) => {
    globalThis.__latchkeyStartup = { ready: resolve, failed: reject };
  });

  const app = next({ dev: false, hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();

  // Set once start-up is done (the route files read the database's handle as they load).
  let leanRouteFor = () => undefined;

  server = createServer((request, response) => {
    if (!started) return answerWhileStarting(request, response);
    request.headers[SOCKET_IP_HEADER] = request.socket.remoteAddress ?? "";
    delete request.headers[DUPLICATE_CREDENTIALS_HEADER];
    if (repeatsCredentialHeader(request.rawHeaders)) request.headers[DUPLICATE_CREDENTIALS_HEADER] = "1";
    const route = leanRouteFor(request.method, request.url ?? "/");
    if (!route) return handle(request, response);
    serveLean(route, request, response).catch((error) => {
      if (error?.code !== "ECLIENTGONE") {
        console.error(`[latchkey] lean path failed: ${error instanceof Error ? error.stack : String(error)}`);
      }
      response.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
  // A lone server (or a primary's first worker) listens at once and answers 503 until it is ready; a worker joining
  // others that serve already listens only once ready, so that no request reaches it while it starts.
  const listenAtOnce = cluster.isPrimary || process.env.LATCHKEY_FIRST_WORKER === "1";
  const listen = (then) => server.listen(port, hostname, then);
  if (listenAtOnce) listen(() => console.log(`[latchkey] listening on http://${hostname}:${port}; starting up`));

  startup.then(
    async () => {
      if (leanPath) {
        try {
          leanRouteFor = await loadLeanRoutes(path.join(import.meta.dirname, ".next"));
        } catch (error) {
          // Slower, not broken: the framework still answers every route.
          console.error(`[latchkey] lean path off: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      // Stopped while starting: take no requests, and do not tell the primary (it starts no others then).
      if (stopping) return;
      started = true;
      if (!listenAtOnce) listen();
      console.log(`[latchkey] ready${cluster.isWorker ? ` (worker ${process.pid})` : ""}`);
      // A worker tells its primary, which then starts the next ones (lib/ops/workers.mjs).
      if (process.connected) process.send?.({ latchkey: "ready" });
    },
    (error) => {
      console.error(`[latchkey] start-up failed: ${error instanceof Error ? error.message : String(error)}`);
      server.close();
      process.exit(1);
    },
  );
}

/** Whether Authorization or X-API-Key came more than once: rawHeaders keeps every line, in pairs of name and value. */
function repeatsCredentialHeader(rawHeaders) {
  let seen = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase();
    if (name === "authorization" || name === "x-api-key") {
      if (seen & (name === "authorization" ? 1 : 2)) return true;
      seen |= name === "authorization" ? 1 : 2;
    }
  }
  return false;
}

/**
 * Before start-up has finished no route may run (the tables may not exist yet). Liveness still answers, readiness
 * says why not, the API and the gateway answer their usual 503 envelope (keep in step with lib/http/envelope.ts) and pages a short
 * notice that reloads itself.
 */
function answerWhileStarting(request, response) {
  const path = (request.url ?? "/").split("?")[0];
  const common = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" };
  const unavailable = { ...common, "Retry-After": STARTING_RETRY_AFTER_SECONDS };
  const json = (status, headers, body) =>
    response.writeHead(status, { ...headers, "Content-Type": "application/json" }).end(JSON.stringify(body));
  if (path === "/api/health/live") return json(200, common, { status: "ok" });
  if (path === "/api/health/ready") return json(503, unavailable, { status: "unavailable", checks: { startup: "in_progress" } });
  if (path.startsWith("/api/") || path.startsWith("/gw/")) {
    return json(503, unavailable, {
      error: { code: "service_unavailable", message: "The service is starting; try again in a moment." },
    });
  }
  response
    .writeHead(503, {
      ...unavailable,
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": "default-src 'none'",
      "X-Frame-Options": "DENY",
    })
    .end(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="${STARTING_RETRY_AFTER_SECONDS}">` +
        "<title>Latchkey is starting</title></head><body><p>Latchkey is starting. This page reloads in a moment.</p></body></html>",
    );
}

async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`[latchkey] ${signal}: no new connections; finishing requests in flight`);
  const closed = new Promise((resolve) => server.close(resolve));
  // Keep-alive connections that finish their request after close() stay open until closed: close each as it idles.
  const idleSweep = setInterval(() => server.closeIdleConnections(), 50);
  server.closeIdleConnections();
  const forced = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
  await closed;
  clearInterval(idleSweep);
  clearTimeout(forced);
  // Registered by lib/ops/startup.ts: flushes buffered usage and closes the database.
  await globalThis.__latchkeyShutdown?.();
  console.log("[latchkey] stopped");
  process.exit(0);
}
