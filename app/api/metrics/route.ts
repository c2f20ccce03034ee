import type { NextRequest } from "next/server";
import { safeEqual } from "@/lib/keys/hash";
import { env } from "@/lib/infra/env";
import { sessionRoute } from "@/lib/http/session-route";
import { metricsText } from "@/lib/ops/metrics";

export const dynamic = "force-dynamic";

async function serveMetrics(): Promise<Response> {
  const { contentType, body } = await metricsText();
  return new Response(body, { headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
}

const forAdmins = sessionRoute(serveMetrics, { role: "admin", audit: "metrics" });

/** Prometheus text format, for a scraper holding METRICS_TOKEN or a signed-in admin. */
export async function GET(request: NextRequest) {
  const token = env().METRICS_TOKEN;
  const presented = /^Bearer (.+)$/.exec(request.headers.get("authorization") ?? "")?.[1];
  if (token && presented && safeEqual(presented, token)) return serveMetrics();
  return forAdmins(request);
}
