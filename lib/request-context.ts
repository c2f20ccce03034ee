import "server-only";
import { headers } from "next/headers";
import type { User } from "@/db/schema";
import type { Actor } from "./actor";

const MAX_USER_AGENT = 512;

/**
 * The caller's address for the audit trail. Next.js appends the socket's address to X-Forwarded-For, so the
 * last entry is the one this server saw; earlier entries are whatever the client chose to send.
 */
export function clientIpFrom(forwardedFor: string | null): string | null {
  const last = forwardedFor?.split(",").at(-1)?.trim();
  return last ? last.replace(/^::ffff:/, "").slice(0, 64) : null;
}

export async function actorFor(user: User): Promise<Actor> {
  const h = await headers();
  return {
    userId: user.id,
    keyId: null,
    role: user.role,
    ip: clientIpFrom(h.get("x-forwarded-for")),
    userAgent: h.get("user-agent")?.slice(0, MAX_USER_AGENT) ?? null,
  };
}
