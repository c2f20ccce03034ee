import "server-only";
import ipaddr from "ipaddr.js";
import { env } from "@/lib/infra/env";
import { logger } from "@/lib/infra/logger";

// Set by server.mjs from the socket, overwriting anything a client sent under this name. Keep in step with it.
export const SOCKET_IP_HEADER = "x-latchkey-socket-ip";

let warnedNoSocketAddress = false;

// Parsing an address is the costliest step of finding the caller, and the same few addresses (proxies, busy clients)
// come back all the time: remember recent answers. Bounded, and simply emptied when full.
const normalised = new Map<string, string | null>();
const MAX_REMEMBERED = 10_000;

/** Normalises "::ffff:1.2.3.4" to "1.2.3.4"; anything unparseable becomes null. */
function normalise(address: string | undefined | null): string | null {
  if (!address) return null;
  const known = normalised.get(address);
  if (known !== undefined) return known;
  const trimmed = address.trim();
  const result = ipaddr.isValid(trimmed) ? ipaddr.process(trimmed).toString() : null;
  if (normalised.size >= MAX_REMEMBERED) normalised.clear();
  normalised.set(address, result);
  return result;
}

/**
 * The caller's address: the socket's, or, behind TRUST_PROXY reverse proxies, the address the outermost trusted
 * proxy saw (counting from the right of X-Forwarded-For, where each proxy appends). Null when it cannot be known.
 */
export function clientIp(headers: Headers): string | null {
  const socket = headers.get(SOCKET_IP_HEADER);
  if (socket === null) return fallbackWithoutServer(headers);
  const hops = env().TRUST_PROXY;
  if (hops === 0) return normalise(socket);
  const chain = [...(headers.get("x-forwarded-for")?.split(",") ?? []), socket];
  return normalise(chain[Math.max(0, chain.length - 1 - hops)]);
}

// Under `next dev` (or a bare `next start`) there is no socket header. Next.js then sets X-Forwarded-For to the
// socket's address only when the client sent none, so in production that header cannot be believed: fail closed.
function fallbackWithoutServer(headers: Headers): string | null {
  if (process.env.NODE_ENV !== "production") return normalise(headers.get("x-forwarded-for")?.split(",").at(-1));
  if (!warnedNoSocketAddress) {
    warnedNoSocketAddress = true;
    logger.warn("no client address: run the server with `npm start` (server.mjs), not `next start`");
  }
  return null;
}
