import { describe, expect, it } from "vitest";
import { API_OPERATIONS, type ApiOperation } from "./operations";

describe("API_OPERATIONS: what a secret being retired may do", () => {
  it("refuses it every management operation (each one with an audit action) and nothing else", () => {
    // A new operation that makes or changes something gets an audit action; it must then refuse a retiring secret
    // too, or a leaked secret in its grace could use it. Reads, verification and reports stay open.
    for (const [id, operation] of Object.entries(API_OPERATIONS) as [string, ApiOperation][]) {
      expect({ id, refused: operation.retiringSecret === "refused" }).toEqual({ id, refused: operation.audit !== undefined });
    }
    const open = Object.entries(API_OPERATIONS as Record<string, ApiOperation>)
      .filter(([, operation]) => operation.auth === "key" && operation.retiringSecret !== "refused")
      .map(([id, operation]) => (operation.method === "get" ? "GET" : id));
    expect(new Set(open)).toEqual(new Set(["GET", "verifyKey", "reportCalls"]));
  });
});
