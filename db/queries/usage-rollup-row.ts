import type { UsageSource } from "@/db/schema";

/** A change to one key rollup row: what a batch of events (or a reported call's move) adds to it, or takes away. */
export interface RollupRow {
  keyId: string;
  accountId: string;
  day: string;
  route: string;
  status: number;
  refused: boolean;
  outcome: string;
  source: UsageSource;
  requests: number;
  latencySumMs: number;
  buckets: number[];
}

/** Plain code-unit order, the one every writer locks rows in. */
export const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
