import { describe, expect, it } from "vitest";
import type { KeyForVerification } from "@/db/queries/keys";
import { cachedKeyRecord, cachedKeyRecordNow, estimatedRecordSize } from "./cache";

function record(id: number, metadataBytes: number): KeyForVerification {
  return {
    key: {
      id: `key-${id}`,
      name: "Key",
      description: "",
      scopes: ["keys:read"],
      ipAllowlist: [],
      metadata: metadataBytes === 0 ? {} : { note: "x".repeat(metadataBytes) },
    } as unknown as KeyForVerification["key"],
    accountStatus: "active",
    accountPlan: "advanced",
    accountName: "Account",
    platformRole: "client",
    secretExpiresAt: null,
  };
}

describe("the key cache", () => {
  it("counts a record's metadata in its size", () => {
    expect(estimatedRecordSize(record(1, 4_000)) - estimatedRecordSize(record(1, 0))).toBeGreaterThanOrEqual(4_000);
  });

  it("is bounded by size as well as by count: records with 4 KB of metadata do not all stay", async () => {
    // 9,000 records are under the count bound (20,000), but about 45 MB: past the size bound (32 MB).
    for (let i = 0; i < 9_000; i++) await cachedKeyRecord(`hash-${i}`, async () => record(i, 4_000));
    let kept = 0;
    for (let i = 0; i < 9_000; i++) if (cachedKeyRecordNow(`hash-${i}`)) kept++;
    expect(kept).toBeGreaterThan(5_000);
    expect(kept).toBeLessThan(9_000);
    // The least recently used went first; the newest is there.
    expect(cachedKeyRecordNow("hash-0")).toBeUndefined();
    expect(cachedKeyRecordNow("hash-8999")).toBeDefined();
  });
});
