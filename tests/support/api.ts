import { NextRequest } from "next/server";
import { SOCKET_IP_HEADER } from "@/lib/http/client-ip";

const BASE_URL = "http://localhost:3000/api/v1";

/** One call of a route handler: what the client sends, and the params Next.js would take from the URL. */
export interface ApiCall<P = Record<string, string>> {
  /** Under /api/v1, as in lib/api/operations.ts, with any query string: "/me", `/keys/${id}/usage?days=7`. */
  path: string;
  method?: "GET" | "POST" | "PATCH" | "DELETE";
  /** What Next.js passes from the folder names, e.g. { id } for app/api/v1/keys/[id]. */
  params?: P;
  /** Sent as `Authorization: Bearer <key>`. Any other way of sending one (X-API-Key, Basic …) goes in `headers`. */
  key?: string;
  /** An object is sent as JSON with Content-Type: application/json; a string or stream is sent as it is. */
  body?: unknown;
  headers?: Record<string, string>;
  /** The socket's address, as server.mjs passes it on in SOCKET_IP_HEADER. */
  ip?: string;
}

export interface ApiAnswer {
  status: number;
  headers: Headers;
  /** The parsed JSON, the text of any other answer, or null when there is none. */
  // biome-ignore lint/suspicious/noExplicitAny: a test reads whatever JSON the route answered
  body: any;
}

export type RouteHandler<P> = (request: NextRequest, context: { params: Promise<P> }) => Promise<Response>;

/**
 * Calls a route handler directly, the way Next.js does behind server.mjs, and reads its answer. The one way tests
 * call the API: `callRoute(PATCH, { method: "PATCH", path: `/keys/${id}`, params: { id }, key: secret, body })`.
 */
export async function callRoute<P = Record<string, never>>(handler: RouteHandler<P>, call: ApiCall<P>): Promise<ApiAnswer> {
  const response = await handler(apiRequest(call), { params: Promise.resolve(call.params ?? ({} as P)) });
  const text = await response.text();
  const json = response.headers.get("content-type")?.includes("json");
  return { status: response.status, headers: response.headers, body: text ? (json ? JSON.parse(text) : text) : null };
}

/** The request as Next.js would hand it to a route handler behind server.mjs. */
function apiRequest<P>({ path, method = "GET", key, body, headers = {}, ip = "198.51.100.1" }: ApiCall<P>): NextRequest {
  const all = new Headers({ ...headers, [SOCKET_IP_HEADER]: ip });
  if (key) all.set("authorization", `Bearer ${key}`);
  let payload: BodyInit | undefined;
  if (body instanceof ReadableStream || typeof body === "string") {
    payload = body as BodyInit;
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    if (!all.has("content-type")) all.set("content-type", "application/json");
  }
  return new NextRequest(`${BASE_URL}${path}`, {
    method,
    headers: all,
    body: payload,
    ...(payload instanceof ReadableStream && { duplex: "half" }),
  });
}
