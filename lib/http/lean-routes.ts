// The hot key-authenticated routes (GET /api/v1/me, POST /api/v1/verify, the gateway) are answered by the production
// server (server.mjs, lib/http/lean-path.mjs) without the framework's router and rendering pipeline, which cost ~1 ms of
// CPU per request, 35 times the gate itself. It calls these very handlers: each route file registers the function it
// exports here when the server loads the compiled route, so there is one implementation, compiled once, whichever
// path a request takes. The route handlers stay ordinary route handlers under `next start` and `next dev`.
//
// The registry is on globalThis: server.mjs is plain JavaScript outside the bundles and reads it from there. Keep the
// names in step with lib/http/lean-path.mjs.

import type { Readable } from "node:stream";
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
};
const routes = (holder.__latchkeyLeanRoutes ??= new Map());
const knownText = (holder.__latchkeyResponseText ??= new WeakMap());
const knownStream = (holder.__latchkeyResponseStream ??= new WeakMap());

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
  routes.set(name, { handler: handler as unknown as RouteHandler, abortable, served: () => counter.inc() });
  return handler;
}

/**
 * Remembers the text a response was made from, so that the lean path writes it to the socket as it is instead of
 * reading the body stream back (a stream read costs more than the rest of a cached verification).
 */
export function withKnownText(response: Response, text: string): Response {
  knownText.set(response, text);
  return response;
}

/**
 * Remembers the Node stream a response's body was made from (the gateway's upstream body), so that the lean path pipes
 * it to the socket directly instead of through a web stream and back.
 */
export function withKnownStream(response: Response, stream: Readable): Response {
  knownStream.set(response, stream);
  return response;
}
