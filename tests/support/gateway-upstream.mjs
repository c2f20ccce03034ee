// A real upstream for the gateway's tests, run as its own process (node tests/support/gateway-upstream.mjs): it
// listens on a free port of 3600-3699 and prints `PORT <n>`. What it answers:
//   /echo/…          method, request target and headers as JSON
//   /upload          the body's length and SHA-256, read as it streams in
//   /stream          "first\n" at once, "last\n" only after /release is called (from outside, by the test)
//   /slow            answers after 3 s
//   /status/<code>   that status
//   /cookies         Set-Cookie for its own cookie and for Latchkey's session cookie
//   /gzip            a gzip-encoded body, whatever the request's Accept-Encoding said
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import { gzipSync } from "node:zlib";

let release = null;
let calls = 0;

const server = createServer((request, response) => {
  const url = new URL(request.url, "http://upstream");
  const path = url.pathname.replace(/^\/base/, "");
  if (path === "/calls") return json(response, 200, { calls });
  calls++;
  if (path === "/release") {
    release?.();
    return json(response, 200, { released: true });
  }
  if (path.startsWith("/echo")) {
    // The body is drained first, so a POST's sender is never left waiting.
    request.resume();
    request.on("end", () => json(response, 200, { method: request.method, url: request.url, headers: request.headers }));
    return;
  }
  if (path === "/upload") {
    const hash = createHash("sha256");
    let bytes = 0;
    request.on("data", (chunk) => {
      bytes += chunk.length;
      hash.update(chunk);
    });
    request.on("end", () => json(response, 200, { bytes, sha256: hash.digest("hex") }));
    return;
  }
  if (path === "/stream") {
    response.writeHead(200, { "content-type": "text/plain" });
    response.write("first\n");
    release = () => {
      release = null;
      response.end("last\n");
    };
    return;
  }
  if (path === "/slow") {
    const timer = setTimeout(() => json(response, 200, { slow: true }), 3_000);
    response.on("close", () => clearTimeout(timer));
    return;
  }
  if (path.startsWith("/status/")) return json(response, Number(path.slice("/status/".length)), { status: true });
  if (path === "/cookies") {
    response.setHeader("set-cookie", ["upstream=1; Path=/", "authjs.session-token=fixated; Path=/"]);
    return json(response, 200, {});
  }
  if (path === "/gzip") {
    const body = gzipSync(JSON.stringify({ acceptEncoding: request.headers["accept-encoding"] ?? null, compressed: true }));
    response.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip", "content-length": body.length });
    return response.end(body);
  }
  json(response, 404, { upstream: "no such path" });
});

function json(response, status, body) {
  response.writeHead(status, { "content-type": "application/json", connection: "close, x-upstream-hop", "x-upstream-hop": "1" });
  response.end(JSON.stringify(body));
}

function listen(attempt = 0) {
  const port = 3600 + Math.floor(Math.random() * 100);
  // fetch refuses a few ports outright ("bad port"), 3659 among them: a test calling this upstream would fail.
  if (port === 3659) return listen(attempt + 1);
  server.once("error", (error) => {
    if (error.code === "EADDRINUSE" && attempt < 200) listen(attempt + 1);
    else throw error;
  });
  server.listen(port, "127.0.0.1", () => console.log(`PORT ${port}`));
}
listen();
