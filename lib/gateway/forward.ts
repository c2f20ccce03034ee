import "server-only";
import http from "node:http";
import https from "node:https";
import { Readable, Transform } from "node:stream";
import { LRUCache } from "lru-cache";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { clientResponseHeaders } from "./headers";
import { pinnedLookup, resolveOutbound } from "@/lib/infra/outbound-address";

export interface UpstreamCall {
  /** The service's base URL: only its scheme, host and port are used here. */
  origin: URL;
  method: string;
  /** Path and query as the upstream receives them (built by upstreamTarget, never by the client). */
  target: string;
  headers: Record<string, string>;
  /** Streamed as it comes, or (read whole already, by the lean path) sent at once. */
  body: ReadableStream<Uint8Array> | Uint8Array | null;
  /** The longest the upstream may stay silent: before its response headers, and between chunks of its body. */
  timeoutMs: number;
  /** Aborted when the client goes away. */
  signal?: AbortSignal;
}

export type UpstreamResult =
  | {
      ok: true;
      status: number;
      headers: Headers;
      /** The upstream's body as it arrives (decoded, watched for silence); null for HEAD and bodiless statuses. */
      body: Readable | null;
    }
  | { ok: false; failure: "timeout" | "unreachable" | "forbidden_address"; detail: string };

const BODYLESS_STATUS = new Set([204, 205, 304]);

// Next.js drops a route handler's Content-Encoding header but sends its body as it is, so an encoded upstream body
// would reach the client as garbage. The upstream is asked for identity; one that encodes anyway is decoded here,
// and Next.js compresses for the client as it does every answer.
const DECODERS: Record<string, () => Transform> = {
  gzip: createGunzip,
  "x-gzip": createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/**
 * One call to an upstream, streamed both ways: the request body is piped as the client sends it and the response is
 * handed back as soon as its headers arrive, its body flowing on with backpressure. The connection goes to the address
 * resolveOutbound checked, and to no other.
 */
export async function callUpstream(call: UpstreamCall): Promise<UpstreamResult> {
  const started = Date.now();
  const resolution = await resolveOutbound(call.origin.hostname, "gateway");
  if (!resolution.ok) {
    return resolution.reason === "forbidden"
      ? { ok: false, failure: "forbidden_address", detail: `${call.origin.hostname} resolves to an address not allowed` }
      : { ok: false, failure: "unreachable", detail: `${call.origin.hostname} does not resolve` };
  }
  const remaining = call.timeoutMs - (Date.now() - started);
  if (remaining <= 0) return { ok: false, failure: "timeout", detail: "name resolution took the whole timeout" };

  const bodyInHand = !call.body || call.body instanceof Uint8Array;
  const result = await attempt(call, resolution, bodyInHand && IDEMPOTENT.has(call.method));
  // A pooled connection the upstream had closed as the call went out. An idempotent call whose body is in hand (or
  // that has none) is sent once more, on a connection of its own (another pooled one may be just as stale); anything
  // else fails as before: the upstream may have acted on it, and a streamed body may have been read in part.
  return result === "stale" ? ((await attempt(call, resolution, false, true)) as UpstreamResult) : result;
}

const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

function attempt(
  call: UpstreamCall,
  resolution: { address: string; family: 4 | 6 },
  mayRetry: boolean,
  ownConnection = false,
): Promise<UpstreamResult | "stale"> {
  return new Promise<UpstreamResult | "stale">((resolve) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const https_ = call.origin.protocol === "https:";
    const port = Number(call.origin.port) || (https_ ? 443 : 80);
    const request = (https_ ? https : http).request({
      protocol: call.origin.protocol,
      hostname: call.origin.hostname.replace(/^\[|\]$/g, ""),
      port,
      method: call.method,
      path: call.target,
      headers: { ...call.headers, "accept-encoding": "identity" },
      ...(ownConnection
        ? { agent: false, lookup: pinnedLookup(resolution) }
        : { agent: agentFor(call.origin, port, resolution) }),
    });

    const fail = (failure: "timeout" | "unreachable", detail: string) => {
      clearTimeout(timer);
      if (settled) return;
      settled = true;
      request.destroy();
      resolve({ ok: false, failure, detail });
    };
    // Re-armed whenever bytes move, either way: a long upload or a long download is fine, silence is not.
    let onSilence = () => fail("timeout", `no answer within ${call.timeoutMs} ms`);
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => onSilence(), call.timeoutMs);
    };
    arm();

    const abort = () => fail("unreachable", "the client went away");
    call.signal?.addEventListener("abort", abort, { once: true });

    request.on("error", (error: NodeJS.ErrnoException) => {
      if (mayRetry && !settled && request.reusedSocket && (error.code === "ECONNRESET" || error.code === "EPIPE")) {
        settled = true;
        clearTimeout(timer);
        call.signal?.removeEventListener("abort", abort);
        return resolve("stale");
      }
      fail("unreachable", error.code ?? error.message);
    });
    request.on("response", (response) => {
      if (settled) return void response.destroy();
      const status = response.statusCode ?? 0;
      // A status no HTTP client can be answered with (Node accepts up to 999): the upstream is broken, 502.
      if (status < 200 || status > 599) {
        response.destroy();
        return fail("unreachable", `the upstream answered status ${status}`);
      }
      settled = true;
      const headers = clientResponseHeaders(response.headers);
      if (call.method === "HEAD" || BODYLESS_STATUS.has(status)) {
        clearTimeout(timer);
        response.resume();
        return resolve({ ok: true, status, headers, body: null });
      }
      const passThrough = new Transform({
        transform(chunk, _encoding, done) {
          arm();
          done(null, chunk);
        },
      });
      onSilence = () => passThrough.destroy(new Error(`upstream silent for ${call.timeoutMs} ms mid-body`));
      response.on("error", (error) => passThrough.destroy(error));
      response.on("end", () => clearTimeout(timer));
      const encoding = headers.get("content-encoding")?.trim().toLowerCase();
      const decoder = encoding && encoding !== "identity" ? DECODERS[encoding]?.() : undefined;
      if (decoder) {
        headers.delete("content-encoding");
        headers.delete("content-length");
        decoder.on("error", (error) => passThrough.destroy(error));
        response.pipe(decoder).pipe(passThrough);
      } else {
        response.pipe(passThrough);
      }
      // The client stopped reading (went away): stop the upstream too.
      passThrough.on("close", () => {
        clearTimeout(timer);
        call.signal?.removeEventListener("abort", abort);
        if (!response.complete) request.destroy();
      });
      resolve({ ok: true, status, headers, body: passThrough });
    });

    if (!call.body) {
      request.end();
      return;
    }
    if (call.body instanceof Uint8Array) {
      request.end(call.body);
      return;
    }
    const upload = Readable.fromWeb(call.body as WebReadableStream<Uint8Array>);
    const counted = new Transform({
      transform(chunk, _encoding, done) {
        arm();
        done(null, chunk);
      },
    });
    upload.on("error", (error) => fail("unreachable", `request body: ${error.message}`));
    upload.pipe(counted).pipe(request);
  });
}

// Keep-alive connections per checked address. An agent's every socket goes to the one address it was made for (its
// lookup can answer nothing else), and each call resolves and checks its host again before it picks an agent, so a
// pooled socket never carries a call to an address that was not checked for it. Idle sockets close after 4 s, before
// the 5 s most servers (Node's default included) allow, so that a reused socket is rarely one the upstream just closed.
const agents = new LRUCache<string, http.Agent>({ max: 256, dispose: retire });

/** An agent no longer looked up: its idle sockets close now, the ones carrying a call (a long stream) when it ends. */
function retire(agent: http.Agent) {
  // Read by the agent when a socket comes free: false closes it instead of pooling it.
  (agent as http.Agent & { keepAlive: boolean }).keepAlive = false;
  for (const sockets of Object.values(agent.freeSockets)) for (const socket of sockets ?? []) socket.destroy();
}

/** A lookup that can answer only the address checked. */
const IDLE_SOCKET_MS = 4_000;

function agentFor(origin: URL, port: number, resolution: { address: string; family: 4 | 6 }): http.Agent {
  const key = `${origin.protocol}//${origin.hostname}:${port}@${resolution.address}`;
  let agent = agents.get(key);
  if (!agent) {
    // The only answer this agent's lookups can give: the address checked.
    const options = {
      keepAlive: true,
      maxSockets: 512,
      maxFreeSockets: 64,
      timeout: IDLE_SOCKET_MS,
      lookup: pinnedLookup(resolution),
    };
    agent = origin.protocol === "https:" ? new https.Agent(options) : new http.Agent(options);
    agents.set(key, agent);
  }
  return agent;
}
