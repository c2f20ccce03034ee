import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { resultRows } from "@/db/rows";
import { formSubmissions } from "@/db/schema";

/**
 * Claims a form's token in the caller's transaction: true the first time, false when it was submitted already. A
 * concurrent claim of the same token waits on the first one's row, then reads false once that commits (true, should
 * it roll back).
 */
export async function claimSubmission(
  tx: Executor,
  submission: { scope: string; token: string; action: string },
): Promise<boolean> {
  const result = await tx.execute(sql`
    insert into ${formSubmissions} (scope, token, action)
    values (${submission.scope}, ${submission.token}, ${submission.action})
    on conflict do nothing
    returning 1 as claimed`);
  return resultRows(result).length === 1;
}
