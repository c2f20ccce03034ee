import { leakReportRoute } from "@/lib/http/leak-report-route";
import { env } from "@/lib/infra/env";
import { safeEqual } from "@/lib/keys/hash";

export const dynamic = "force-dynamic";

// Another scanner (or a person with a script) reports found keys in GitHub's format, with the deployment's
// LEAK_REPORT_TOKEN as a bearer token, compared in constant time; unset, every request is refused.
function holdsReportToken(_body: Uint8Array, headers: Headers): boolean {
  const token = env().LEAK_REPORT_TOKEN;
  const presented = /^Bearer (.+)$/.exec(headers.get("authorization") ?? "")?.[1];
  return token !== undefined && presented !== undefined && safeEqual(presented, token);
}

export const POST = leakReportRoute({ via: "scanner", authenticate: holdsReportToken });
