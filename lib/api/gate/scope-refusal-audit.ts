import "server-only";
import { getDb } from "@/db";
import type { KeyForVerification } from "@/db/queries/keys";
import type { AuditChanges } from "@/db/schema";
import { recordDenied } from "@/lib/audit/record";
import { logger } from "@/lib/infra/logger";
import type { AuditedAction } from "@/lib/api/audited-action";
import { apiActor } from "@/lib/api/api-actor";

// A refusal for a missing scope or a retiring secret is decided before the key's rate limit is counted, so a key could
// repeat it without bound; each would cost a chained audit row. One row per key, action and reason a minute records
// the attempt, and every attempt is still in the key's usage as a refused event.
const WINDOW_MS = 60_000;
const MAX_REMEMBERED = 10_000;
const lastRecorded = new Map<string, number>();

type CallContext = { request: Request; auth: KeyForVerification; ip: string | null };

/** A management attempt refused for its scope leaves `<action>.denied` in the account's trail; the refusal stands if not. */
export function auditMissingScope(context: CallContext, action: AuditedAction, missingScope: string): Promise<void> {
  return auditRefusal(context, action, "insufficient_scope", { requiredScope: { to: missingScope } });
}

/**
 * A management attempt made with a secret being retired (an old or leaked one in its grace) leaves `<action>.denied`
 * with when that secret ends: the owner sees that someone still holding it tried to use it for more than reading.
 */
export function auditRetiringSecret(context: CallContext, action: AuditedAction): Promise<void> {
  return auditRefusal(context, action, "retiring_secret", {
    secretEndsAt: { to: context.auth.secretExpiresAt?.toISOString() ?? null },
  });
}

async function auditRefusal(context: CallContext, action: AuditedAction, reason: string, details: AuditChanges): Promise<void> {
  const id = `${context.auth.key.id}:${action}:${reason}`;
  if (Date.now() - (lastRecorded.get(id) ?? 0) < WINDOW_MS) return;
  try {
    await recordDenied(await getDb(), apiActor(context), action, { accountId: context.auth.key.accountId }, reason, details);
    // Only once written: a row that could not be written does not count as the minute's one.
    if (lastRecorded.size >= MAX_REMEMBERED) lastRecorded.clear();
    lastRecorded.set(id, Date.now());
  } catch (error) {
    logger.error({ err: error }, "could not audit a refused request");
  }
}
