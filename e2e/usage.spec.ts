import { readFile } from "node:fs/promises";
import { test, expect } from "@playwright/test";
import { OWNER_STATE } from "./support/users";
import { callMe, generateKey } from "./support/keys";

test.use({ storageState: OWNER_STATE });

test("a client reads a key's usage, switches range and exports it as CSV", async ({ page, request }) => {
  const { secret, keyId } = await generateKey(page, { name: "Usage key", scopes: ["keys:read", "payments:read"] });
  for (let i = 0; i < 5; i++) expect((await callMe(request, secret)).status()).toBe(200);
  // Refused for its scope (keys:write): an outcome of its own, never a request.
  const refused = await request.post("/api/v1/keys", { headers: { Authorization: `Bearer ${secret}` }, data: {} });
  expect(refused.status()).toBe(403);
  // Usage is written in batches every second.
  await page.waitForTimeout(1_500);

  await page.goto(`/keys/${keyId}`);
  const usage = page.getByRole("region", { name: "Usage" });
  await expect(usage.getByRole("img", { name: "Calls per day: successes, errors and refusals" })).toBeVisible();
  await expect(usage.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(
    usage
      .getByRole("term")
      .filter({ hasText: /^Requests$/ })
      .locator(".."),
  ).toContainText("5");
  await expect(usage.getByText("Success rate").locator("..")).toContainText("100.0%");
  await expect(
    usage
      .getByRole("term")
      .filter({ hasText: /^Refused$/ })
      .locator(".."),
  ).toContainText("1");
  await expect(usage.getByRole("cell").filter({ hasText: /^403\s*refused, not counted$/ })).toBeVisible();
  await expect(usage.getByRole("cell", { name: /^GET \/api\/v1\/me/ })).toBeVisible();
  const last = page.getByRole("region", { name: "Last requests" });
  await expect(last.getByRole("row")).toHaveCount(7);
  await expect(last.getByRole("cell", { name: "/api/v1/me" }).first()).toBeVisible();

  // The range switch.
  await usage.getByRole("link", { name: "90 days" }).click();
  await expect(page).toHaveURL(/days=90/);
  await expect(usage.getByRole("link", { name: "90 days" })).toHaveAttribute("aria-current", "page");
  await expect(usage.getByText("Last 90 days (UTC)")).toBeVisible();

  // The CSV download.
  const downloading = page.waitForEvent("download");
  await usage.getByRole("link", { name: "Export CSV" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^latchkey-usage-key-.*-90d-.*\.csv$/);
  const csv = (await readFile(await download.path())).toString("utf8").trim().split("\n");
  expect(csv[0]).toBe("time,key_id,key_name,method,route,status,latency_ms,ip,user_agent,refused,outcome,source,tags,reported");
  expect(csv).toHaveLength(7);
  expect(
    csv.filter((line) => line.includes(`${keyId},Usage key,GET,/api/v1/me,200,`) && line.endsWith(",false,ok,api,,false")),
  ).toHaveLength(5);
  expect(
    csv.filter(
      (line) =>
        line.includes(`${keyId},Usage key,POST,/api/v1/keys,403,`) && line.endsWith(",true,insufficient_scope,api,,false"),
    ),
  ).toHaveLength(1);

  // The overview of all keys lists this one.
  await page.goto("/usage?days=7");
  await expect(page.getByRole("heading", { name: "Usage", level: 1 })).toBeVisible();
  await expect(page.getByRole("region", { name: "By key" }).getByRole("link", { name: "Usage key" })).toBeVisible();

  // Calls have needed keys:read only (GET /api/v1/keys), so payments:read is flagged and can be dropped in one click.
  expect((await request.get("/api/v1/keys", { headers: { Authorization: `Bearer ${secret}` } })).status()).toBe(200);
  await page.waitForTimeout(1_500);
  await page.goto(`/keys/${keyId}`);
  const attention = page.getByRole("region", { name: "Needs attention" });
  await expect(attention).toContainText("payments:read");
  await attention.getByRole("button", { name: "Narrow to used scopes" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Narrow scopes" }).click();
  await expect(page.getByText("Scopes narrowed")).toBeVisible();
  expect((await (await callMe(request, secret)).json()).scopes).toEqual(["keys:read"]);
});
