import "server-only";
import type { Executor } from "@/db";
import { getDb } from "@/db";
import { saveLeakPolicy, savedLeakPolicy } from "@/db/queries/leaks";
import type { LeakAction } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { auditEntry, recordAudit } from "@/lib/audit/record";
import { env } from "@/lib/infra/env";

// What happens to a key of ours reported as leaked: revoked, or rolled with the leaked secret working for a short
// grace (for owners who would rather have a few minutes to ship a new secret than an outage). The admins' choice is
// kept in the database (leak_policy); until they make one, LEAK_POLICY and LEAK_ROLL_GRACE_MINUTES decide.

export interface LeakPolicy {
  action: LeakAction;
  graceMinutes: number;
  /** Whether an admin chose it (false: the environment's default). */
  saved: boolean;
}

export async function currentLeakPolicy(executor?: Executor): Promise<LeakPolicy> {
  const row = await savedLeakPolicy(executor);
  if (row) return { action: row.action, graceMinutes: row.graceMinutes, saved: true };
  const settings = env();
  return { action: settings.LEAK_POLICY, graceMinutes: settings.LEAK_ROLL_GRACE_MINUTES, saved: false };
}

/** An admin's choice, with its audit row, in one transaction. */
export async function setLeakPolicy(actor: Actor, policy: { action: LeakAction; graceMinutes: number }): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    const before = await currentLeakPolicy(tx);
    await saveLeakPolicy(tx, { ...policy, updatedBy: actor.userId });
    await recordAudit(
      tx,
      auditEntry(
        actor,
        "leak.policy",
        {},
        {
          action: { from: before.action, to: policy.action },
          graceMinutes: { from: before.graceMinutes, to: policy.graceMinutes },
        },
      ),
    );
  });
}
