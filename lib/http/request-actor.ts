import "server-only";
import { headers } from "next/headers";
import type { User } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { clientIp } from "./client-ip";
import { userAgentOf } from "./user-agent";

/**
 * The signed-in user acting from a request with these headers. The address comes from clientIp(), the one rule every
 * path follows (the socket's address, or what TRUST_PROXY proxies say): an X-Forwarded-For a browser sends is never
 * believed.
 */
export function actorOf(user: User, requestHeaders: Headers): Actor {
  return { userId: user.id, keyId: null, role: user.role, ip: clientIp(requestHeaders), userAgent: userAgentOf(requestHeaders) };
}

/** The signed-in user acting from the request being served (a server action or a page). */
export async function actorFor(user: User): Promise<Actor> {
  return actorOf(user, await headers());
}
