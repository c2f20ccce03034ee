import { is } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { Executor, Transaction } from "./client";

/** Runs `work` in the caller's transaction when it is one, else in a transaction of its own. */
export function withinTransaction<T>(executor: Executor, work: (tx: Transaction) => Promise<T>): Promise<T> {
  // `is` rather than instanceof: it holds across duplicate copies of drizzle in a bundle.
  if (is(executor, PgTransaction)) return work(executor as Transaction);
  return executor.transaction(work);
}
