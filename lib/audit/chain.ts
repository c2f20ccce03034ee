import { createHash } from "node:crypto";

/** The fields of an audit row that its hash covers: all of them except the hash itself. */
export interface ChainedFields {
  id: number;
  at: Date;
  actorUserId: string | null;
  actorKeyId: string | null;
  accountId: string | null;
  action: string;
  keyId: string | null;
  ip: string | null;
  userAgent: string | null;
  changes: unknown;
  prevHash: string | null;
}

// Bumped if the serialisation ever changes, so that old and new rows can never be confused.
const FORMAT = "latchkey-audit-v1";

/**
 * JSON as Postgres' jsonb gives it back: keys sorted (jsonb reorders them), undefined dropped, dates as ISO
 * strings. Hashing this rather than the caller's object makes the hash of a row read back equal the hash written.
 */
export function canonicalJson(value: unknown): unknown {
  if (value === undefined) return null;
  const plain: unknown = JSON.parse(JSON.stringify(value) ?? "null");
  return sortKeys(plain);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** One string per row, its fields in a fixed order; time in UTC to the millisecond, as the row stores it. */
export function canonicalAuditRow(row: ChainedFields): string {
  return JSON.stringify([
    FORMAT,
    row.id,
    row.at.toISOString(),
    row.actorUserId,
    row.actorKeyId,
    row.accountId,
    row.action,
    row.keyId,
    row.ip,
    row.userAgent,
    canonicalJson(row.changes),
    row.prevHash,
  ]);
}

/** SHA-256 of the canonical row, hex: covers every field and, through prevHash, every row before it. */
export function auditRowHash(row: ChainedFields): string {
  return createHash("sha256").update(canonicalAuditRow(row)).digest("hex");
}
