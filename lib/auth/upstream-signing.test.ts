import { describe, expect, it } from "vitest";
import {
  deriveSigningSecret,
  type SignedIdentity,
  signatureBase,
  signatureHeader,
  verifyUpstreamSignature,
} from "./upstream-signing";

const AUTH_SECRET = "a".repeat(43);
const SERVICE = "0190a0a0-0000-7000-8000-000000000001";
const now = Date.UTC(2026, 0, 1) as number;

function signed(identity: Partial<SignedIdentity> = {}, secrets = [deriveSigningSecret(AUTH_SECRET, SERVICE, 1)]) {
  const full: SignedIdentity = {
    keyId: "k1",
    accountId: "o1",
    environment: "live",
    scopes: "payments:read payments:write",
    requestId: "r1",
    timestamp: String(now / 1000),
    ...identity,
  };
  const headers = new Headers({
    "x-latchkey-key-id": full.keyId,
    "x-latchkey-account-id": full.accountId,
    "x-latchkey-key-environment": full.environment,
    "x-latchkey-scopes": full.scopes,
    "x-latchkey-request-id": full.requestId,
    "x-latchkey-timestamp": full.timestamp,
    "x-latchkey-signature": signatureHeader(secrets, signatureBase(full, "GET", "/base/echo?x=1")),
  });
  return { method: "GET", url: "/base/echo?x=1", headers };
}

describe("upstream signing", () => {
  it("derives a different secret per service and per version, the same one each time", () => {
    const one = deriveSigningSecret(AUTH_SECRET, SERVICE, 1);
    expect(one).toMatch(/^lkgw_[A-Za-z0-9_-]{43}$/);
    expect(deriveSigningSecret(AUTH_SECRET, SERVICE, 1)).toBe(one);
    expect(deriveSigningSecret(AUTH_SECRET, SERVICE, 2)).not.toBe(one);
    expect(deriveSigningSecret(AUTH_SECRET, "0190a0a0-0000-7000-8000-000000000002", 1)).not.toBe(one);
    expect(deriveSigningSecret(`${AUTH_SECRET}b`, SERVICE, 1)).not.toBe(one);
  });

  it("verifies what it signed and names the identity", () => {
    const check = verifyUpstreamSignature(signed(), deriveSigningSecret(AUTH_SECRET, SERVICE, 1), now);
    expect(check).toEqual({
      valid: true,
      identity: expect.objectContaining({ keyId: "k1", scopes: "payments:read payments:write" }),
    });
  });

  it("refuses a changed header, method or path, a wrong secret and a stale timestamp", () => {
    const secret = deriveSigningSecret(AUTH_SECRET, SERVICE, 1);
    const request = signed();
    request.headers.set("x-latchkey-scopes", "payments:read payments:write admin:all");
    expect(verifyUpstreamSignature(request, secret, now)).toEqual({ valid: false, reason: "mismatch" });
    expect(verifyUpstreamSignature({ ...signed(), method: "DELETE" }, secret, now).valid).toBe(false);
    expect(verifyUpstreamSignature({ ...signed(), url: "/base/other?x=1" }, secret, now).valid).toBe(false);
    expect(verifyUpstreamSignature(signed(), deriveSigningSecret(AUTH_SECRET, SERVICE, 2), now).valid).toBe(false);
    expect(verifyUpstreamSignature(signed(), secret, now + 301_000)).toEqual({ valid: false, reason: "stale" });
    const unsigned = signed();
    unsigned.headers.delete("x-latchkey-signature");
    expect(verifyUpstreamSignature(unsigned, secret, now)).toEqual({ valid: false, reason: "missing" });
  });

  it("accepts either signature while a rotation's old secret still signs", () => {
    const [oldSecret, newSecret] = [1, 2].map((version) => deriveSigningSecret(AUTH_SECRET, SERVICE, version));
    const request = signed({}, [newSecret, oldSecret]);
    expect(request.headers.get("x-latchkey-signature")).toMatch(/^v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
    expect(verifyUpstreamSignature(request, oldSecret, now).valid).toBe(true);
    expect(verifyUpstreamSignature(request, newSecret, now).valid).toBe(true);
  });
});
