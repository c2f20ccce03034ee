import { describe, expect, it } from "vitest";
import { auditRowHash, canonicalAuditRow, canonicalJson, type ChainedFields } from "./chain";

const row: ChainedFields = {
  id: 42,
  at: new Date("2026-11-22T03:04:05.678Z"),
  actorUserId: "11111111-1111-4111-8111-111111111111",
  actorKeyId: null,
  accountId: "22222222-2222-4222-8222-222222222222",
  action: "key.update",
  keyId: "33333333-3333-4333-8333-333333333333",
  ip: "203.0.113.7",
  userAgent: "vitest",
  changes: { name: { from: "a", to: "b" }, scopes: { from: ["keys:read"], to: [] } },
  prevHash: "ab".repeat(32),
};

describe("canonical audit rows", () => {
  it("serialises the fields in a fixed order with the time in UTC to the millisecond", () => {
    expect(canonicalAuditRow(row)).toBe(
      '["latchkey-audit-v1",42,"2026-11-22T03:04:05.678Z","11111111-1111-4111-8111-111111111111",null,' +
        '"22222222-2222-4222-8222-222222222222","key.update","33333333-3333-4333-8333-333333333333","203.0.113.7",' +
        `"vitest",{"name":{"from":"a","to":"b"},"scopes":{"from":["keys:read"],"to":[]}},"${"ab".repeat(32)}"]`,
    );
  });

  it("hashes the changes the way jsonb gives them back: key order and undefined do not matter", () => {
    const reordered = { scopes: { to: [], from: ["keys:read"] }, name: { to: "b", from: "a" }, gone: undefined };
    expect(auditRowHash({ ...row, changes: reordered })).toBe(auditRowHash(row));
    expect(canonicalJson({ at: new Date("2026-01-01T00:00:00Z") })).toEqual({ at: "2026-01-01T00:00:00.000Z" });
    expect(canonicalJson(undefined)).toBeNull();
  });

  it("gives a 64-character hex SHA-256 that changes with every field", () => {
    const hash = auditRowHash(row);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const variants: Partial<ChainedFields>[] = [
      { id: 43 },
      { at: new Date(row.at.getTime() + 1) },
      { actorUserId: null },
      { actorKeyId: "44444444-4444-4444-8444-444444444444" },
      { accountId: null },
      { action: "key.update.denied" },
      { keyId: null },
      { ip: "203.0.113.8" },
      { userAgent: "curl" },
      { changes: { name: { from: "a", to: "c" } } },
      { changes: null },
      { prevHash: null },
    ];
    for (const variant of variants) expect(auditRowHash({ ...row, ...variant })).not.toBe(hash);
  });

  it("cannot be fooled by moving text from one field to the next", () => {
    expect(auditRowHash({ ...row, ip: "203.0.113.7vitest", userAgent: "" })).not.toBe(auditRowHash(row));
  });
});
