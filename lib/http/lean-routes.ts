// The hot key-authenticated routes (GET /api/v1/me, POST /api/v1/verify, the gateway) are answered by the production
// server (server.mjs, lib/http/lean-path.mjs) without the framework's router and rendering pipeline, which cost ~1 ms of
// CPU per request, 35 times the gate itself. It calls these very handlers: each route file registers the function it
// exports here when the server loads the compiled route, so there is one implementation, compiled once, whichever
// path a request takes. The route handlers stay ordinary route handlers under `next start` and `next dev`.
//
// On the lean path a handler gets, and answers with, the light stand-ins of lib/http/lean-objects.ts instead of
// undici's Request and Response.
//
// The registry is on globalThis: server.mjs is plain JavaScript outside the bundles and reads it from there. Keep the
// names in step with lib/http/lean-path.mjs.

import { AsyncLocalStorage } from "node:async_hooks";
import type { IncomingMessage } from "node:http";
import { Readable } from "node:stream";
import { metrics } from "@/lib/infra/metrics";
import { answerOf, type LeanAnswer, leanRequest, leanRequestBuffer, leanResponse } from "./lean-objects";

type RouteHandler = (request: Request, context: { params: Promise<never> }) => Promise<Response>;

interface LeanRoute {
  /**
   * Answers a Node request: `buffered` is its body when the lean path read it whole (the body is left unread
   * otherwise), `signal` aborts with the client's connection.
   */
  serve(incoming: IncomingMessage, options: { buffered?: Buffer; signal?: AbortSignal }): Promise<LeanAnswer>;
  /** Whether the handler needs the request's abort signal (the gateway stops its upstream call with it). */
  abortable: boolean;
  /** Counts a request the lean path answered (latchkey_lean_path_requests_total). */
  served(): void;
}

const holder = globalThis as unknown as {
  __latchkeyLeanRoutes?: Map<string, LeanRoute>;
  __latchkeyLeanCall?: AsyncLocalStorage<true>;
};
const routes: Map<string, LeanRoute> = (holder.__latchkeyLeanRoutes ??= new Map());
// Set while the lean path runs a handler: its answers can be lean Responses (see textResponse).
const leanCall = (holder.__latchkeyLeanCall ??= new AsyncLocalStorage<true>());
const NO_PARAMS = { params: Promise.resolve({} as never) };
const URL_BASE = "http://localhost";

/**
 * Registers a route file's exported handler under its name ("GET /api/v1/me") for the lean path, and returns it
 * unchanged for the framework.
 */
export function servedDirectly<H extends (request: never, context: never) => Promise<Response>>(
  name: string,
  handler: H,
  { abortable = false }: { abortable?: boolean } = {},
): H {
  const counter = metrics().leanRequests.labels({ route: name });
  const run = handler as unknown as RouteHandler;
  routes.set(name, {
    serve: (incoming, { buffered, signal }) => {
      const hasBody = !buffered && incoming.method !== "GET" && incoming.method !== "HEAD";
      const request = leanRequest({
        method: incoming.method ?? "GET",
        url: URL_BASE + incoming.url,
        headers: incoming.headers,
        buffered,
        stream: hasBody ? incoming : undefined,
        signal,
      });
      return leanCall.run(true, () => run(request, NO_PARAMS)).then(answerOf);
    },
    abortable,
    served: () => counter.inc(),
  });
  return handler;
}

/**
 * A response with a text body. Within a lean call it is a lean Response, whose text the lean path writes to the
 * socket as it is: a standard Response makes a web stream of its body at once, which cost more than the rest of a
 * cached verification. Anywhere else (the framework, tests calling a handler) it is an ordinary Response.
 */
export function textResponse(text: string, init: { status?: number; headers?: Record<string, string> }): Response {
  return leanCall.getStore() ? leanResponse({ text }, init) : new Response(text, init);
}

/**
 * A response whose body is a Node stream (the gateway's upstream body). Within a lean call the lean path pipes the
 * Node stream to the socket; anywhere else it is the stream as a web stream.
 */
export function streamResponse(body: Readable | null, init: { status?: number; headers?: Headers }): Response {
  if (leanCall.getStore()) return leanResponse({ stream: body ?? undefined }, init);
  return new Response(body ? (Readable.toWeb(body) as ReadableStream<Uint8Array>) : null, init);
}

/**
 * A request body the lean path has already read whole (a small one, announced by its Content-Length): readers of a
 * body (lib/http/json-body.ts, the gateway) take it from here first, as it is, rather than from a stream made of it.
 */
export function bufferedBody(request: Request): Buffer | undefined {
  return leanRequestBuffer(request);
}
