import type { NextRequest } from "next/server";
import { errorResponse } from "@/lib/http/envelope";
import { sessionRoute } from "@/lib/http/session-route";
import { env } from "@/lib/infra/env";
import { safeEqual } from "@/lib/keys/hash";
import { metricsText } from "@/lib/ops/metrics-text";

export const dynamic = "force-dynamic";

async function serveMetrics(): Promise<Response> {
  const { contentType, body } = await metricsText();
  return new Response(body, { headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
}

// Not audited when a client is refused: a scrape is a cheap GET, and a row for each would let anyone signed in
// flood the trail (every audit row takes the chain's lock).
const forAdmins = sessionRoute(serveMetrics, { role: "admin" });

/** Prometheus text format, for a scraper holding METRICS_TOKEN or a signed-in admin. */
export async function GET(request: NextRequest) {
  const token = env().METRICS_TOKEN;
  const presented = /^Bearer (.+)$/.exec(request.headers.get("authorization") ?? "")?.[1];
  if (presented !== undefined && token && safeEqual(presented, token)) return serveMetrics();
  const answer = await forAdmins(request);
  // Without a session, a scraper that sent a token learns that the token is wrong, as with a key.
  if (answer.status === 401 && presented !== undefined) {
    return errorResponse("invalid_key", "The metrics token is not valid.", {
      "WWW-Authenticate": 'Bearer error="invalid_token"',
    });
  }
  return answer;
}
