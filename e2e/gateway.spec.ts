import { test, expect } from "@playwright/test";
import { OWNER_STATE } from "./support/users";
import { generateKey } from "./support/keys";

test.use({ storageState: OWNER_STATE });

// The demo service (seeded with the demo accounts) forwards /gw/demo/… to the demo upstream in the app itself, which
// answers with what it received and whether the identity headers' signature verified.
test("a client calls the platform through the gateway and sees the calls on the key's page", async ({ page, request }) => {
  const { secret, keyId } = await generateKey(page, { name: "Gateway key", scopes: ["payments:read"] });
  const bearer = { Authorization: `Bearer ${secret}` };

  const through = await request.get("/gw/demo/echo/order-7?expand=items", { headers: bearer });
  expect(through.status()).toBe(200);
  expect(through.headers()["ratelimit-policy"]).toBeTruthy();
  const echoed = await through.json();
  expect(echoed).toMatchObject({ method: "GET", path: "/echo/order-7", query: { expand: "items" }, signature: "valid" });
  expect(echoed.identity).toMatchObject({ keyId, scopes: ["payments:read"] });

  // A spoofed identity never arrives: the upstream sees the signed one.
  const spoofed = await request.get("/gw/demo/echo/spoof", { headers: { ...bearer, "X-Latchkey-Key-Id": "someone-else" } });
  expect((await spoofed.json()).identity.keyId).toBe(keyId);
  // The POST rule needs payments:write; no rule at all matches /nowhere.
  const refused = await request.post("/gw/demo/echo/order-7", { headers: bearer, data: { amount: 1 } });
  expect([refused.status(), (await refused.json()).error.code]).toEqual([403, "insufficient_scope"]);
  expect((await request.get("/gw/demo/nowhere", { headers: bearer })).status()).toBe(404);
  expect((await request.get("/gw/demo/echo/no-key")).status()).toBe(401);

  // Usage is written in batches every second.
  await page.waitForTimeout(1_500);
  await page.goto(`/keys/${keyId}`);
  const usage = page.getByRole("region", { name: "Usage" });
  const route = usage.getByRole("row").filter({ hasText: "GET /gw/demo/echo/*" });
  await expect(route).toContainText("Gateway");
  await expect(route.getByRole("cell").nth(1)).toHaveText("2");
  const outcomes = usage.getByRole("list", { name: "Outcomes" });
  await expect(outcomes.getByRole("listitem").filter({ hasText: "Valid" }).first()).toContainText("2");
  await expect(outcomes.getByRole("listitem").filter({ hasText: "Insufficient scope" })).toContainText("1");
  const last = page.getByRole("region", { name: "Last requests" });
  await expect(last.getByRole("row").filter({ hasText: "POST /gw/demo/echo/*" })).toContainText("403");
  await expect(last.getByRole("row").filter({ hasText: "GET /gw/demo/echo/*" }).first()).toContainText("Gateway");

  // Revoked through the gateway too, at once; and out of the way of the basic plan's 5 active keys for later specs.
  await page.getByRole("button", { name: "Revoke…" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByText("Key revoked")).toBeVisible();
  expect((await request.get("/gw/demo/echo/after-revoke", { headers: bearer })).status()).toBe(401);
});
