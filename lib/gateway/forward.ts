import "server-only";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { Readable, Transform } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { clientResponseHeaders } from "./headers";
import { resolveUpstream } from "./upstream-address";

export interface UpstreamCall {
  /** The service's base URL: only its scheme, host and port are used here. */
  origin: URL;
  method: string;
  /** Path and query as the upstream receives them (built by upstreamTarget, never by the client). */
  target: string;
  headers: Record<string, string>;
  body: ReadableStream<Uint8Array> | null;
  /** The longest the upstream may stay silent: before its response headers, and between chunks of its body. */
  timeoutMs: number;
  /** Aborted when the client goes away. */
  signal?: AbortSignal;
}

export type UpstreamResult =
  | { ok: true; status: number; headers: Headers; body: ReadableStream<Uint8Array> | null }
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
 * resolveUpstream checked, and to no other.
 */
export async function callUpstream(call: UpstreamCall): Promise<UpstreamResult> {
  const started = Date.now();
  const resolution = await resolveUpstream(call.origin.hostname);
  if (!resolution.ok) {
    return resolution.reason === "forbidden"
      ? { ok: false, failure: "forbidden_address", detail: `${call.origin.hostname} resolves to an address not allowed` }
      : { ok: false, failure: "unreachable", detail: `${call.origin.hostname} does not resolve` };
  }
  const remaining = call.timeoutMs - (Date.now() - started);
  if (remaining <= 0) return { ok: false, failure: "timeout", detail: "name resolution took the whole timeout" };

  // The only answer this socket's lookup can give: the address just checked.
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: resolution.address, family: resolution.family }]);
    else callback(null, resolution.address, resolution.family);
  };

  return new Promise<UpstreamResult>((resolve) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const https_ = call.origin.protocol === "https:";
    const request = (https_ ? https : http).request({
      protocol: call.origin.protocol,
      hostname: call.origin.hostname.replace(/^\[|\]$/g, ""),
      port: call.origin.port || (https_ ? 443 : 80),
      method: call.method,
      path: call.target,
      headers: { ...call.headers, "accept-encoding": "identity" },
      lookup: pinned,
      // One connection per call: a pooled socket could outlive the address check it was made under.
      agent: false,
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

    request.on("error", (error: NodeJS.ErrnoException) => fail("unreachable", error.code ?? error.message));
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
      resolve({ ok: true, status, headers, body: Readable.toWeb(passThrough) as ReadableStream<Uint8Array> });
    });

    if (!call.body) {
      request.end();
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
