import "server-only";
import { headers } from "next/headers";
import { env } from "@/lib/infra/env";

/**
 * Where links in mail point: PUBLIC_URL when set (set it in production: see the README's "Accounts"), else the host
 * this request was sent to, as the API reference's examples do. The scheme is a proxy's X-Forwarded-Proto only when
 * TRUST_PROXY says proxies may be believed.
 */
export async function publicOrigin(): Promise<string> {
  const configured = env().PUBLIC_URL;
  if (configured) return configured.replace(/\/$/, "");
  const h = await headers();
  const host = h.get("host") ?? "localhost:3000";
  const proto = env().TRUST_PROXY > 0 ? h.get("x-forwarded-proto")?.split(",").at(-1)?.trim() : undefined;
  return `${proto === "https" ? "https" : "http"}://${host}`;
}
