import { auth } from "@/auth";
import { findUserById } from "@/db/queries/users";
import { env } from "@/lib/infra/env";
import { safeEqual } from "@/lib/keys/hash";
import { metrics } from "@/lib/infra/metrics";
import { errorResponse } from "@/lib/http/envelope";

export const dynamic = "force-dynamic";

/** Prometheus text format, for a scraper holding METRICS_TOKEN or a signed-in admin. */
export async function GET(request: Request) {
  const token = env().METRICS_TOKEN;
  const presented = /^Bearer (.+)$/.exec(request.headers.get("authorization") ?? "")?.[1];
  let allowed = Boolean(token && presented && safeEqual(presented, token));
  if (!allowed) {
    const session = await auth();
    const user = session?.user?.id ? await findUserById(session.user.id) : undefined;
    if (!user && !presented) return errorResponse("missing_key", "Sign in as an admin or send the metrics token.");
    if (!user) return errorResponse("invalid_key", "The metrics token is not valid.");
    allowed = user.role === "admin" && user.status === "active";
    if (!allowed) return errorResponse("forbidden", "Only admins can read the metrics.");
  }
  const { registry } = metrics();
  return new Response(await registry.metrics(), {
    headers: { "Content-Type": registry.contentType, "Cache-Control": "no-store" },
  });
}
