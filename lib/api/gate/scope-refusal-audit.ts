import "server-only";
import { getDb } from "@/db";
import type { KeyForVerification } from "@/db/queries/keys";
import { recordDenied } from "@/lib/audit/record";
import { logger } from "@/lib/infra/logger";
import type { AuditedAction } from "@/lib/api/audited-action";
import { apiActor } from "@/lib/api/api-actor";

// A refusal for a missing scope is decided before the key's rate limit is counted, so a key could repeat it without
// bound; each would cost a chained audit row. One row per key and action a minute records the attempt, and every
// attempt is still in the key's usage as a refused event.
const WINDOW_MS = 60_000;
const MAX_REMEMBERED = 10_000;
const lastRecorded = new Map<string, number>();

/** A management attempt refused for its scope leaves `<action>.denied` in the account's trail; the refusal stands if not. */
export async function auditMissingScope(
  context: { request: Request; auth: KeyForVerification; ip: string | null },
  action: AuditedAction,
  missingScope: string,
): Promise<void> {
  const id = `${context.auth.key.id}:${action}`;
  if (Date.now() - (lastRecorded.get(id) ?? 0) < WINDOW_MS) return;
  try {
    await recordDenied(
      await getDb(),
      apiActor(context),
      action,
      { accountId: context.auth.key.accountId },
      "insufficient_scope",
      {
        requiredScope: { to: missingScope },
      },
    );
    // Only once written: a row that could not be written does not count as the minute's one.
    if (lastRecorded.size >= MAX_REMEMBERED) lastRecorded.clear();
    lastRecorded.set(id, Date.now());
  } catch (error) {
    logger.error({ err: error }, "could not audit a refused request");
  }
}
