import { AsyncLocalStorage } from "node:async_hooks";
import { SOCKET_IP_HEADER } from "@/lib/http/client-ip";

/**
 * The headers of the request being handled, for a `vi.mock("next/headers", ...)` whose headers() reads them. Kept
 * per asynchronous context, as Next.js keeps them, so that actions running in parallel each see their own request.
 */
export const requestHeaders = new AsyncLocalStorage<Headers>();

/** Runs `work` as a request from this socket address, as server.mjs hands it on, would run. */
export function fromAddress<T>(ip: string, work: () => Promise<T>): Promise<T> {
  return requestHeaders.run(new Headers({ [SOCKET_IP_HEADER]: ip }), work);
}
