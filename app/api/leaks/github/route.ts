import { leakReportRoute } from "@/lib/http/leak-report-route";
import { signedByGithub } from "@/lib/leaks/github-signature";

export const dynamic = "force-dynamic";

/** GitHub's secret-scanning partner endpoint: tokens found in public, signed by one of GitHub's configured keys. */
export const POST = leakReportRoute({ via: "github", authenticate: signedByGithub });
