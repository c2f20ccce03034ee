import "server-only";
import { isDatabaseUnavailable } from "@/db/errors";
import type { Actor } from "@/lib/audit/actor";
import { logger } from "@/lib/infra/logger";
import { handleLeakReport } from "@/lib/leaks/handle-report";
import { takeLeakReportAttempt } from "@/lib/leaks/report-throttle";
import type { LeakReportVia } from "@/db/schema";
import { leakReportSchema, MAX_REPORT_BODY_BYTES } from "@/lib/validations/leaks";
import { clientIp } from "./client-ip";
import { errorResponse, expectedErrorResponse, HttpProblem, jsonResponse, validationProblem } from "./envelope";
import { readAtMost } from "./json-body";

// The one flow of both leak report endpoints (GitHub's signed one and the token one), in this order: the address's
// rate limit (429), the raw body within its cap (413), the credential over those exact bytes (401, one generic
// answer for a missing header, an unknown key identifier or a bad signature), the JSON (400), then each token.
// The answer is GitHub's feedback format: per token its SHA-256, its type and a label, nothing about whose it is.

interface LeakReportRouteOptions {
  via: Exclude<LeakReportVia, "admin">;
  /** Whether the request is from whom it claims, judged on the raw body and the headers. */
  authenticate: (body: Uint8Array, headers: Headers) => boolean;
}

export function leakReportRoute({ via, authenticate }: LeakReportRouteOptions) {
  return async (request: Request): Promise<Response> => {
    try {
      const ip = clientIp(request.headers);
      const retryAfter = await takeLeakReportAttempt(ip);
      if (retryAfter > 0) {
        return errorResponse("rate_limited", "Too many reports; try again later.", { "Retry-After": String(retryAfter) });
      }
      const declared = Number(request.headers.get("content-length") ?? "0");
      if (declared > MAX_REPORT_BODY_BYTES) throw tooLarge();
      const body = await readAtMost(request, MAX_REPORT_BODY_BYTES);
      if (!authenticate(body, request.headers)) {
        logger.warn({ via, ip }, "leak report refused: not authenticated");
        return errorResponse("unauthenticated", "The report could not be authenticated.");
      }
      const parsed = leakReportSchema.safeParse(parseJson(body));
      if (!parsed.success) throw validationProblem(parsed.error);
      const actor: Actor = { userId: null, keyId: null, role: "admin", ip, userAgent: `leak report (${via})` };
      const verdicts = await handleLeakReport({ via, actor }, parsed.data);
      logger.info(
        { via, tokens: verdicts.length, truePositives: verdicts.filter((v) => v.label === "true_positive").length },
        "leak report handled",
      );
      return jsonResponse(
        verdicts.map((verdict) => ({ token_hash: verdict.tokenHash, token_type: verdict.tokenType, label: verdict.label })),
      );
    } catch (error) {
      const expected = expectedErrorResponse(error);
      if (expected) return expected;
      if (isDatabaseUnavailable(error)) {
        logger.error({ via, err: error }, "database unavailable during a leak report");
        return errorResponse("service_unavailable", "The service is temporarily unavailable.", { "Retry-After": "5" });
      }
      logger.error({ via, err: error }, "leak report failed");
      return errorResponse("internal_error", "Something went wrong on our side.");
    }
  };
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new HttpProblem("bad_request", "The request body is not valid JSON.");
  }
}

function tooLarge() {
  return new HttpProblem("payload_too_large", `The request body must be at most ${MAX_REPORT_BODY_BYTES} bytes.`);
}
