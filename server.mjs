// The production server: Next.js behind a plain Node HTTP server, for two things `next start` cannot give us.
// 1. The client's real address. Next.js only fills X-Forwarded-For when a client has not sent one, so a caller could
//    choose their own address and walk past a key's IP allowlist. Here every request carries the socket's address
//    in an internal header that overwrites whatever the client sent under that name.
//    Likewise a request that repeats a credential header is marked, since Node keeps only the first Authorization.
// 2. A graceful stop in the right order: stop accepting, finish what is in flight, then flush buffered usage, then exit.
import { createServer } from "node:http";
import next from "next";
import { z } from "zod";

// Keep in step with lib/http/client-ip.ts and lib/api/gate/read-key.ts.
const SOCKET_IP_HEADER = "x-latchkey-socket-ip";
const DUPLICATE_CREDENTIALS_HEADER = "x-latchkey-duplicate-credentials";
const SHUTDOWN_GRACE_MS = 15_000;

const settings = z
  .object({
    PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
    HOSTNAME: z.string().min(1).default("0.0.0.0"),
  })
  .safeParse(process.env);
if (!settings.success) {
  console.error(`Invalid environment:\n${settings.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n")}`);
  process.exit(1);
}
const { PORT: port, HOSTNAME: hostname } = settings.data;

const app = next({ dev: false, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

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

const server = createServer((request, response) => {
  request.headers[SOCKET_IP_HEADER] = request.socket.remoteAddress ?? "";
  delete request.headers[DUPLICATE_CREDENTIALS_HEADER];
  if (repeatsCredentialHeader(request.rawHeaders)) request.headers[DUPLICATE_CREDENTIALS_HEADER] = "1";
  handle(request, response);
});
server.keepAliveTimeout = 65_000;
server.listen(port, hostname, () => console.log(`[latchkey] listening on http://${hostname}:${port}`));

let stopping = false;
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
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
