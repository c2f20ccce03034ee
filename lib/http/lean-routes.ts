// The hot key-authenticated routes (GET /api/v1/me, POST /api/v1/verify, the gateway) are answered by the production
// server (server.mjs, lib/http/lean-path.mjs) without the framework's router and rendering pipeline, which cost ~1 ms of
// CPU per request, 35 times the gate itself. It calls these very handlers: each route file registers the function it
// exports here when the server loads the compiled route, so there is one implementation, compiled once, whichever
// path a request takes. The route handlers stay ordinary route handlers under `next start` and `next dev`.
//
// The registry is on globalThis: server.mjs is plain JavaScript outside the bundles and reads it from there. Keep the
// names in step with lib/http/lean-path.mjs.

import { AsyncLocalStorage } from "node:async_hooks";
import { Readable } from "node:stream";
import { metrics } from "@/lib/infra/metrics";

type RouteHandler = (request: Request, context: { params: Promise<never> }) => Promise<Response>;

interface LeanRoute {
  handler: RouteHandler;
  /** Whether the handler needs the request's abort signal (the gateway stops its upstream call with it). */
  abortable: boolean;
  /** Counts a request the lean path answered (latchkey_lean_path_requests_total). */
  served(): void;
}

const holder = globalThis as unknown as {
  __latchkeyLeanRoutes?: Map<string, LeanRoute>;
  __latchkeyResponseText?: WeakMap<Response, string>;
  __latchkeyResponseStream?: WeakMap<Response, Readable>;
  __latchkeyLeanCall?: AsyncLocalStorage<true>;
  __latchkeyRequestBody?: WeakMap<Request, Buffer>;
};
const routes = (holder.__latchkeyLeanRoutes ??= new Map());
const knownText = (holder.__latchkeyResponseText ??= new WeakMap());
const knownStream = (holder.__latchkeyResponseStream ??= new WeakMap());
const knownBody = (holder.__latchkeyRequestBody ??= new WeakMap());
// Set while the lean path runs a handler: its text answers need no body stream (see textResponse).
const leanCall = (holder.__latchkeyLeanCall ??= new AsyncLocalStorage<true>());

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
    handler: (request: Request, context: { params: Promise<never> }) => leanCall.run(true, () => run(request, context)),
    abortable,
    served: () => counter.inc(),
  });
  return handler;
}

/**
 * A response with a text body. The lean path writes the text to the socket itself, so within a lean call the
 * Response gets no body stream of its own: making one (a web ReadableStream) cost more than the rest of a cached
 * verification. Anywhere else (the framework, tests calling a handler) it is an ordinary Response with its body.
 */
export function textResponse(text: string, init: ResponseInit): Response {
  const response = new Response(leanCall.getStore() ? null : text, init);
  knownText.set(response, text);
  return response;
}

/**
 * A response whose body is a Node stream (the gateway's upstream body). Within a lean call the Response gets none of
 * its own and the lean path pipes the Node stream to the socket; anywhere else it is the stream as a web stream.
 */
export function streamResponse(body: Readable | null, init: ResponseInit): Response {
  if (!body) return new Response(null, init);
  if (!leanCall.getStore()) return new Response(Readable.toWeb(body) as ReadableStream<Uint8Array>, init);
  const response = new Response(null, init);
  knownStream.set(response, body);
  return response;
}

/**
 * A request body the lean path has already read whole (a small one, announced by its Content-Length): the Request
 * then carries none, since a web stream made of it and read back cost more than the rest of a verification. Readers of
 * a body (lib/http/json-body.ts, the gateway) take it from here first.
 */
export function bufferedBody(request: Request): Buffer | undefined {
  return knownBody.get(request);
}
