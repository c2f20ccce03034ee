import { NextRequest } from "next/server";
import { SOCKET_IP_HEADER } from "@/lib/http/client-ip";

// biome-ignore lint/suspicious/noExplicitAny: route handlers differ only in their params
type Handler = (request: NextRequest, route: { params: Promise<any> }) => Promise<Response>;

/** Calls a route handler as Next.js would, from the given socket address. */
export async function callRoute(
  handler: Handler,
  {
    headers = {},
    ip = "198.51.100.1",
    path = "/api/v1/me",
    params = {},
  }: {
    headers?: Record<string, string>;
    ip?: string;
    path?: string;
    params?: Record<string, string>;
  } = {},
) {
  const request = new NextRequest(`http://localhost${path}`, { headers: { ...headers, [SOCKET_IP_HEADER]: ip } });
  const response = await handler(request, { params: Promise.resolve(params) });
  const body = response.headers.get("content-type")?.includes("json") ? await response.json() : null;
  return { status: response.status, headers: response.headers, body };
}

export const bearer = (secret: string) => ({ Authorization: `Bearer ${secret}` });
