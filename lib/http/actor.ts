import "server-only";
import { headers } from "next/headers";
import { getDb } from "@/db";
import type { User } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { recordDenied } from "@/lib/audit/record";
import { clientIp } from "./client-ip";

const MAX_USER_AGENT = 512;

/**
 * The signed-in user acting from a request with these headers. The address comes from clientIp(), the one rule every
 * path follows (the socket's address, or what TRUST_PROXY proxies say): an X-Forwarded-For a browser sends is never
 * believed.
 */
export function actorOf(user: User, requestHeaders: Headers): Actor {
  return {
    userId: user.id,
    keyId: null,
    role: user.role,
    ip: clientIp(requestHeaders),
    userAgent: requestHeaders.get("user-agent")?.slice(0, MAX_USER_AGENT) ?? null,
  };
}

/** The signed-in user acting from the request being served (a server action or a page). */
export async function actorFor(user: User): Promise<Actor> {
  return actorOf(user, await headers());
}

/** A refused attempt is part of the trail: the client's own (owner = the caller) and the admins'. */
export async function auditMissingRole(actor: Actor, action = "admin"): Promise<void> {
  await recordDenied(await getDb(), actor, action, { ownerId: actor.userId }, "missing_role", { requiredRole: { to: "admin" } });
}
