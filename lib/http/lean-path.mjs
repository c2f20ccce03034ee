// The lean path: server.mjs answers the hot key-authenticated routes (GET /api/v1/me, POST /api/v1/verify, the
// gateway) by calling their route handlers itself, without the framework's router and rendering pipeline. The
// handlers are the ones the framework runs: each compiled route file registers its export when it is loaded
// (lib/http/lean-routes.ts), and this module loads those same files from the build. What the framework adds around a
// route handler and a client can see is done here too: the security headers of every response (security-headers.mjs).
// Anything unusual (a method the route does not take, a path the URL parser would change) goes to the framework,
// which answers it as before.
import { createRequire } from "node:module";
import path from "node:path";
import { Readable } from "node:stream";
import { SECURITY_HEADERS } from "./security-headers.mjs";

// The compiled route files that register lean routes, relative to the build's server directory.
const ROUTE_FILES = ["app/api/v1/me/route.js", "app/api/v1/verify/route.js", "app/gw/[service]/[[...path]]/route.js"];
const GATEWAY_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
// A body announced with a length up to this is read at once; longer ones, and chunked ones, are streamed.
const BUFFERED_BODY_BYTES = 64 * 1024;
const URL_BASE = "http://localhost";

/**
 * Loads the compiled hot routes from the build in `distDir` (their route files register them) and answers which
 * route, if any, serves a request. Throws when a route is missing: the build and this list disagree.
 */
export async function loadLeanRoutes(distDir) {
  const require = createRequire(path.join(distDir, "server", "lean-path.js"));
  for (const file of ROUTE_FILES) {
    // The framework's own entry for the route, the very module it runs; it loads the route's code (ours) lazily, on
    // its first request, unless asked to now.
    const entry = require(path.join(distDir, "server", file));
    await entry.routeModule?.ensureUserland?.();
  }
  const routes = globalThis.__latchkeyLeanRoutes;
  const me = routes?.get("GET /api/v1/me");
  const verify = routes?.get("POST /api/v1/verify");
  const gateway = routes?.get("gateway");
  if (!me || !verify || !gateway) throw new Error("the build's route files did not register the lean routes");

  /** The route for a request, or undefined when the framework should answer it. */
  return function leanRouteFor(method, rawUrl) {
    const queryAt = rawUrl.indexOf("?");
    const pathname = queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt);
    if (pathname === "/api/v1/me") return method === "GET" ? me : undefined;
    if (pathname === "/api/v1/verify") return method === "POST" ? verify : undefined;
    if (pathname.startsWith("/gw/") && GATEWAY_METHODS.has(method) && isPlainPath(pathname)) return gateway;
    return undefined;
  };
}

// The framework redirects a trailing slash and resolves dot segments (literal or encoded) before routing: such paths
// go to it, so that both paths see the same URL. Only a path the URL parser leaves exactly as it is comes here.
function isPlainPath(pathname) {
  if (pathname.endsWith("/") || pathname.includes("//")) return false;
  try {
    return new URL(pathname, URL_BASE).pathname === pathname;
  } catch {
    return false;
  }
}

/** Answers one request with a lean route. */
export async function serveLean(route, request, response) {
  const method = request.method;
  let signal;
  if (route.abortable) {
    // The gateway stops its upstream call when the client goes away, as under the framework.
    const controller = new AbortController();
    response.on("close", () => {
      if (!response.writableFinished) controller.abort();
    });
    signal = controller.signal;
  }
  // A small body announced by its length is read here and handed over as it is (lib/http/lean-routes.ts,
  // bufferedBody); anything else is left for the handler to stream.
  let buffered;
  if (method !== "GET" && method !== "HEAD") {
    const length = Number(request.headers["content-length"]);
    if (request.headers["transfer-encoding"] === undefined && length > 0 && length <= BUFFERED_BODY_BYTES) {
      buffered = await readBody(request);
    }
  }
  let answer;
  try {
    answer = await route.serve(request, { buffered, signal });
  } catch (error) {
    // The gate answers every failure itself; this is a bug. Generic, like every error body (details to the log).
    console.error(`[latchkey] lean route failed: ${error instanceof Error ? error.stack : String(error)}`);
    if (!response.headersSent) writeInternalError(response);
    else response.destroy();
    return;
  }
  route.served();
  writeAnswer(answer, method, response);
}

function readBody(request) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    // A client that goes away mid-body ("aborted", or just a close): nothing to answer, nothing worth a log line
    // (server.mjs drops the socket).
    const gone = () => reject(Object.assign(new Error("the client went away mid-body"), { code: "ECLIENTGONE" }));
    request.on("error", gone);
    request.on("close", () => {
      if (!request.complete) gone();
    });
  });
}

function baseHeaders() {
  const headers = {};
  for (const { key, value } of SECURITY_HEADERS) headers[key] = value;
  return headers;
}

function writeAnswer(answer, method, response) {
  const headers = baseHeaders();
  for (const name in answer.headers) {
    const value = answer.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  if (answer.text !== undefined) {
    headers["content-length"] = Buffer.byteLength(answer.text);
    response.writeHead(answer.status, headers);
    response.end(method === "HEAD" ? undefined : answer.text);
    return;
  }
  response.writeHead(answer.status, headers);
  // The gateway's upstream body comes as the Node stream it is (lib/http/lean-routes.ts, streamResponse).
  const stream = answer.stream;
  if (method === "HEAD" || (!stream && !answer.webBody)) {
    stream?.destroy();
    response.end();
    return;
  }
  const body = stream ?? Readable.fromWeb(answer.webBody);
  // A body that fails part-way (an upstream gone silent) cuts the connection: the client must not take a truncated
  // answer for a complete one.
  body.on("error", () => response.destroy());
  response.on("close", () => body.destroy());
  body.pipe(response);
}

function writeInternalError(response) {
  const text = JSON.stringify({ error: { code: "internal_error", message: "Something went wrong on our side." } });
  response.writeHead(500, {
    ...baseHeaders(),
    "cache-control": "no-store",
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  response.end(text);
}
