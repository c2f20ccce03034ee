import "server-only";
import type { Transaction } from "@/db";
import { claimSubmission } from "@/db/queries/submissions";
import { AppError } from "@/lib/errors";

export const ALREADY_SUBMITTED =
  "This was already submitted and done once: its secret went to the first submission and cannot be shown again.";

/**
 * Refuses a form that issues a secret (or an API request with an Idempotency-Key) submitted before: the first
 * submission did the work and got the secret. Call it first in the command's transaction, so that a concurrent
 * repeat waits for the first to commit and nothing else of it is done. `scope` is the account's id ("platform" for
 * the admins' own endpoints), so that two accounts' keys never collide.
 */
export async function claimOnce(tx: Transaction, scope: string, token: string | undefined, action: string): Promise<void> {
  if (token !== undefined && !(await claimSubmission(tx, { scope, token, action })))
    throw new AppError("conflict", ALREADY_SUBMITTED);
}
