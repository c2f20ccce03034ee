import "server-only";
import { getDb, type Executor } from "@/db";
import { auditChainPage } from "@/db/queries/audit";
import type { AuditEvent } from "@/db/schema";
import { auditRowHash } from "./chain";

export type ChainBreak = {
  id: number;
  at: Date;
  action: string;
  /**
   * content: the row's fields no longer match its hash (an edited row, or one without a hash).
   * link: the row does not point at the row before it (a row deleted or inserted before it, or reordered).
   */
  check: "content" | "link";
  detail: string;
};

export type ChainReport =
  | { ok: true; rows: number; head: { id: number; hash: string } | null }
  | { ok: false; rows: number; broken: ChainBreak };

const PAGE_SIZE = 1000;

/**
 * Walks the whole trail in id order, a page at a time, and recomputes every hash. Stops at the first broken row:
 * every row after it would fail the link check too, so the first one is the one to look at.
 */
export async function verifyAuditChain(executor?: Executor, pageSize = PAGE_SIZE): Promise<ChainReport> {
  const db = executor ?? (await getDb());
  let previous: AuditEvent | null = null;
  let rows = 0;
  for (;;) {
    const page = await auditChainPage(db, previous?.id ?? 0, pageSize);
    for (const row of page) {
      const broken = checkRow(row, previous);
      if (broken) return { ok: false, rows, broken };
      rows += 1;
      previous = row;
    }
    if (page.length < pageSize) break;
  }
  return { ok: true, rows, head: previous && { id: previous.id, hash: previous.hash! } };
}

function checkRow(row: AuditEvent, previous: AuditEvent | null): ChainBreak | null {
  const at = { id: row.id, at: row.at, action: row.action };
  const expectedPrev = previous?.hash ?? null;
  if (row.prevHash !== expectedPrev) {
    const detail = previous
      ? `prev_hash does not match the hash of row ${previous.id} before it (a row was deleted, inserted or altered)`
      : "the first row points at a previous row that is not there (earlier rows were deleted)";
    return { ...at, check: "link", detail };
  }
  if (!row.hash) return { ...at, check: "content", detail: "the row has no hash (written outside the chain)" };
  if (auditRowHash(row) !== row.hash) {
    return { ...at, check: "content", detail: "the row's fields do not match its hash (the row was edited)" };
  }
  return null;
}
