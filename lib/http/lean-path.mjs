// The lean path: server.mjs answers the hot key-authenticated routes (GET /api/v1/me, POST /api/v1/verify, the
// gateway) by calling their route handlers itself, without the framework's router and rendering pipeline. The
// handlers are the ones the framework runs: each compiled route file registers its export when it is loaded
// (lib/http/lean-routes.ts), and this module loads those same files from the build. What the framework adds around a
// route handler and a client can see is done here too: the security headers of every response (security-headers.mjs).
// Anything unusual (a method the route does not take, a path the URL parser would change, a header the Request
// constructor refuses) goes to the framework, which answers it as before.
import { createRequire } from "node:module";
import path from "node:path";
import { Readable } from "node:stream";
import { SECURITY_HEADERS } from "./security-headers.mjs";

// The compiled route files that register lean routes, relative to the build's server directory.
const ROUTE_FILES = ["app/api/v1/me/route.js", "app/api/v1/verify/route.js", "app/gw/[service]/[[...path]]/route.js"];
const GATEWAY_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
// A body announced with a length up to this is read at once; longer ones, and chunked ones, are streamed.
const BUFFERED_BODY_BYTES = 64 * 1024;
const NO_PARAMS = Promise.resolve({});
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

/**
 * Answers one request with a lean route. Resolves true when it did; false when the request could not be turned into
 * a standard Request (the framework then answers it, nothing having been read).
 */
export async function serveLean(route, request, response) {
  const headers = new Headers();
  try {
    for (const name in request.headers) {
      const value = request.headers[name];
      if (typeof value === "string") headers.append(name, value);
      else if (value) for (const each of value) headers.append(name, each);
    }
  } catch {
    return false;
  }
  const method = request.method;
  const init = { method, headers };
  if (route.abortable) {
    // The gateway stops its upstream call when the client goes away, as under the framework.
    const controller = new AbortController();
    response.on("close", () => {
      if (!response.writableFinished) controller.abort();
    });
    init.signal = controller.signal;
  }
  // A small body announced by its length is read here and handed over beside the Request (lib/http/lean-routes.ts,
  // bufferedBody); anything else streams as the Request's body.
  let buffered;
  if (method !== "GET" && method !== "HEAD") {
    const length = Number(request.headers["content-length"]);
    if (request.headers["transfer-encoding"] === undefined && length <= BUFFERED_BODY_BYTES) {
      buffered = length === 0 ? undefined : await readBody(request);
    } else {
      init.body = Readable.toWeb(request);
      init.duplex = "half";
    }
  }
  let answer;
  try {
    const standard = new Request(URL_BASE + request.url, init);
    if (buffered) globalThis.__latchkeyRequestBody.set(standard, buffered);
    answer = await route.handler(standard, { params: NO_PARAMS });
  } catch (error) {
    // The gate answers every failure itself; this is a bug. Generic, like every error body (details to the log).
    console.error(`[latchkey] lean route failed: ${error instanceof Error ? error.stack : String(error)}`);
    if (!response.headersSent) writeInternalError(response);
    else response.destroy();
    return true;
  }
  route.served();
  writeAnswer(answer, method, response);
  return true;
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
  for (const [name, value] of answer.headers) if (name !== "set-cookie") headers[name] = value;
  const cookies = answer.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;

  const text = globalThis.__latchkeyResponseText?.get(answer);
  if (text !== undefined) {
    headers["content-length"] = Buffer.byteLength(text);
    response.writeHead(answer.status, headers);
    response.end(method === "HEAD" ? undefined : text);
    return;
  }
  response.writeHead(answer.status, headers);
  // The gateway's upstream body comes as the Node stream it is (lib/http/lean-routes.ts, streamResponse).
  const stream = globalThis.__latchkeyResponseStream?.get(answer);
  if (method === "HEAD" || (!stream && !answer.body)) {
    stream?.destroy();
    response.end();
    return;
  }
  const body = stream ?? Readable.fromWeb(answer.body);
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
