import { describe, expect, it } from "vitest";
import { POST as createKeyRoute } from "@/app/api/v1/keys/route";
import { GET as getKeyRoute, PATCH as patchKeyRoute } from "@/app/api/v1/keys/[id]/route";
import { POST as verifyRoute } from "@/app/api/v1/verify/route";
import { auditEventsForKey } from "../../../support/inspect";
import { apiKeyFor, createUser, newKey, ownerWithManagerKey } from "../../../support/factories";
import { callRoute } from "../../../support/api";

const metadata = { customer: "cus_123", tier: "gold", regions: ["eu", "us"], limits: { seats: 5 } };

describe("a key's metadata", () => {
  it("is set on create, returned by GET, replaced by PATCH, kept by a PATCH of other fields, and audited", async () => {
    const { secret } = await ownerWithManagerKey();
    const created = await callRoute(createKeyRoute, {
      method: "POST",
      path: "/keys",
      key: secret,
      body: { ...newKey, metadata },
    });
    expect(created.status).toBe(201);
    expect(created.body.key.metadata).toEqual(metadata);
    const id = created.body.key.id;
    const read = () => callRoute(getKeyRoute, { path: `/keys/${id}`, params: { id }, key: secret });
    expect((await read()).body.metadata).toEqual(metadata);

    const patch = (body: unknown) =>
      callRoute(patchKeyRoute, { method: "PATCH", path: `/keys/${id}`, params: { id }, key: secret, body });
    expect((await patch({ name: "Renamed" })).body.metadata).toEqual(metadata);
    expect((await patch({ metadata: { customer: "cus_456" } })).body.metadata).toEqual({ customer: "cus_456" });
    expect((await read()).body.metadata).toEqual({ customer: "cus_456" });
    const [last] = (await auditEventsForKey(id)).slice(-1);
    expect(last.changes).toMatchObject({ metadata: { from: metadata, to: { customer: "cus_456" } } });
  });

  it("a key made without any has {}", async () => {
    const { secret } = await ownerWithManagerKey();
    const created = await callRoute(createKeyRoute, { method: "POST", path: "/keys", key: secret, body: newKey });
    expect(created.body.key.metadata).toEqual({});
  });

  it("refuses metadata that is not an object, too large or too deep, naming the field, and makes nothing", async () => {
    const { secret } = await ownerWithManagerKey();
    for (const [bad, message] of [
      [["a"], undefined],
      [{ blob: "x".repeat(4_100) }, "Metadata must be at most 4,096 bytes of JSON."],
      [{ a: { b: { c: { d: { e: { f: 1 } } } } } }, "Metadata may nest at most 5 levels deep."],
      [{ note: "a\u0000b" }, "Must not contain a NUL character."],
    ] as const) {
      const answer = await callRoute(createKeyRoute, {
        method: "POST",
        path: "/keys",
        key: secret,
        body: { ...newKey, metadata: bad },
      });
      expect(answer.status).toBe(400);
      expect(answer.body.error.details[0].path).toBe("metadata");
      if (message) expect(answer.body.error.details[0].message).toBe(message);
    }
  });

  it("comes back in verify's answer, so that a platform need not look the key up", async () => {
    const admin = await createUser({ role: "admin" });
    const platform = await apiKeyFor(admin, ["keys:verify"]);
    const client = await createUser();
    const presented = await apiKeyFor(client, ["payments:read"], { metadata: JSON.stringify({ customer: "cus_789" }) });
    const answer = await callRoute(verifyRoute, {
      method: "POST",
      path: "/verify",
      key: platform.secret,
      body: { key: presented.secret, scopes: ["payments:read"] },
    });
    expect(answer.body).toMatchObject({ valid: true, code: "valid", metadata: { customer: "cus_789" } });
    const unknown = await callRoute(verifyRoute, {
      method: "POST",
      path: "/verify",
      key: platform.secret,
      body: { key: `${presented.secret.slice(0, -10)}AAAAAAAAAA` },
    });
    expect(unknown.body.metadata).toBeNull();
  });
});
