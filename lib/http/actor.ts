import "server-only";
import { headers } from "next/headers";
import type { User } from "@/db/schema";
import { clientIp } from "@/lib/http/client-ip";
import type { Actor } from "@/lib/audit/actor";

const MAX_USER_AGENT = 512;

/**
 * The signed-in user acting from this request. The address comes from clientIp(), the one rule every path follows
 * (the socket's address, or what TRUST_PROXY proxies say): an X-Forwarded-For a browser sends is never believed.
 */
export async function actorFor(user: User): Promise<Actor> {
  const h = await headers();
  return {
    userId: user.id,
    keyId: null,
    role: user.role,
    ip: clientIp(h),
    userAgent: h.get("user-agent")?.slice(0, MAX_USER_AGENT) ?? null,
  };
}
