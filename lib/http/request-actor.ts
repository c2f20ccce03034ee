import "server-only";
import { headers } from "next/headers";
import type { User } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { clientIp } from "./client-ip";
import type { SessionContext } from "./session";
import { userAgentOf } from "./user-agent";

/**
 * The signed-in user acting from a request with these headers, as a member of their current account when one is
 * given. The address comes from clientIp(), the one rule every path follows (the socket's address, or what
 * TRUST_PROXY proxies say): an X-Forwarded-For a browser sends is never believed.
 */
export function actorOf(user: User, requestHeaders: Headers, membership?: Pick<SessionContext, "account" | "role">): Actor {
  return {
    userId: user.id,
    keyId: null,
    role: user.role,
    ip: clientIp(requestHeaders),
    userAgent: userAgentOf(requestHeaders),
    member: membership && { accountId: membership.account.id, role: membership.role },
  };
}

/** The signed-in member acting from the request being served (a server action or a page), in their current account. */
export async function actorFor(session: SessionContext): Promise<Actor> {
  return actorOf(session.user, await headers(), session);
}

/** The signed-in user acting as a platform admin (the admin area), outside any membership. */
export async function adminActorFor(user: User): Promise<Actor> {
  return actorOf(user, await headers());
}
