import { NextRequest } from "next/server";
import type { User } from "@/db/schema";
import { SOCKET_IP_HEADER } from "@/lib/http/client-ip";
import { createKey } from "@/lib/keys/lifecycle";
import { actorOf, createKeyInput, createUser } from "./factories";

const BASE_URL = "http://localhost:3000/api/v1";

interface RequestOptions {
  method?: string;
  key?: string;
  /** An object is sent as JSON with Content-Type: application/json; a string or stream is sent as it is. */
  body?: unknown;
  headers?: Record<string, string>;
  /** The socket's address, as server.mjs passes it on. */
  ip?: string;
}

/** A request as Next.js would hand it to a route handler behind server.mjs. */
export function apiRequest(
  path: string,
  { method = "GET", key, body, headers = {}, ip = "198.51.100.1" }: RequestOptions = {},
): NextRequest {
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

type RouteHandler<P> = (request: NextRequest, context: { params: Promise<P> }) => Promise<Response>;

/** Calls a route handler directly, the way Next.js does, and reads its JSON answer. */
export async function callRoute<P = Record<string, never>>(
  handler: RouteHandler<P>,
  request: NextRequest,
  params: P = {} as P,
  // biome-ignore lint/suspicious/noExplicitAny: a test reads whatever JSON the route answered
): Promise<{ status: number; headers: Headers; body: any }> {
  const response = await handler(request, { params: Promise.resolve(params) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

/** A key of `user` with exactly these scopes, and its secret, to call the API with. */
export async function apiKeyFor(user: User, scopes: string[], overrides: Record<string, unknown> = {}) {
  return createKey(actorOf(user), user.id, createKeyInput({ name: `API caller ${scopes.join(" ")}`, scopes, ...overrides }));
}

/** A new owner with a key that may read and manage their keys. */
export async function ownerWithManagerKey() {
  const owner = await createUser();
  const manager = await apiKeyFor(owner, ["keys:read", "keys:write"]);
  return { owner, manager, secret: manager.secret };
}
