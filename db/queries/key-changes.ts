import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "@/db";

export const KEY_CHANGES_CHANNEL = "latchkey_key_changes";

export interface KeyChange {
  keyId?: string;
  accountId?: string;
}

/**
 * Tells every instance that a key (or all of an owner's keys) changed. NOTIFY inside a transaction is delivered
 * only when it commits, so no instance hears of a change that was rolled back.
 */
export async function notifyKeyChange(executor: Executor, change: KeyChange): Promise<void> {
  await executor.execute(sql`select pg_notify(${KEY_CHANGES_CHANNEL}, ${JSON.stringify(change)})`);
}
