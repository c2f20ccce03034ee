import { describe, expect, it } from "vitest";
import { POST as verifyRoute } from "@/app/api/v1/verify/route";
import { callRoute } from "../../../support/api";
import { apiKeyFor, createUser } from "../../../support/factories";

/** The platform's verifying service: an admin's key with keys:verify. */
async function verifierKey() {
  const admin = await createUser({ role: "admin" });
  return (await apiKeyFor(admin, ["keys:verify"])).secret;
}

async function verify(verifier: string, body: unknown) {
  return callRoute(verifyRoute, { method: "POST", path: "/verify", key: verifier, body });
}

describe("POST /api/v1/verify", () => {
  it("refuses a malformed request with 400, without echoing the key", async () => {
    const verifier = await verifierKey();
    const tooLong = `lk_live_${"A".repeat(300)}`;
    const cases = [{ key: tooLong }, {}, { key: 42 }, { key: "lk_live_x", scopes: ["Not A Scope"] }, { key: "x", extra: 1 }];
    for (const body of cases) {
      const answer = await verify(verifier, body);
      expect({ body, status: answer.status, code: answer.body.error.code }).toEqual({
        body,
        status: 400,
        code: "validation_failed",
      });
      expect(JSON.stringify(answer.body)).not.toContain("AAAAAAAA");
    }
  });

  it("refuses a key without keys:verify (403), even with every other scope", async () => {
    const owner = await createUser();
    const { secret } = await apiKeyFor(owner, ["keys:read", "keys:write", "usage:read"]);
    const presented = await apiKeyFor(owner, ["payments:read"]);
    const { status, body } = await verify(secret, { key: presented.secret });
    expect(status).toBe(403);
    expect(body).toEqual({ error: { code: "insufficient_scope", message: 'This key lacks the "keys:verify" scope.' } });
  });
});
