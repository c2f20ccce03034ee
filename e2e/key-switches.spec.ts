import { test, expect, type Page } from "@playwright/test";
import { callMe, generateKey } from "./support/keys";
import { keepSecret } from "./support/reveal";
import { ownClientPage } from "./support/sign-up";

// Disable and enable a key, end a roll's grace now, and do the same from the keys list's row menu; all at the top of
// the key's page. A user of its own, whose keys count for nobody else.

test.describe.configure({ mode: "serial" });

let page: Page;

test.beforeAll(async ({ browser }) => {
  page = await ownClientPage(browser);
});

test.afterAll(() => page.context().close());

async function confirm(trigger: string, title: RegExp, button: string) {
  await page.getByRole("button", { name: trigger }).click();
  const dialog = page.getByRole("dialog", { name: title });
  await dialog.getByRole("button", { name: button }).click();
  await expect(dialog).toBeHidden();
}

test("disable refuses the key at once, enable lets it through again; the header holds the lifecycle", async ({ request }) => {
  const { secret } = await generateKey(page, { name: "Switchable", scopes: ["keys:read"] });
  expect((await callMe(request, secret)).status()).toBe(200);

  // The lifecycle sits beside the title, not below the page's fold.
  const roll = page.getByRole("button", { name: "Roll key…" });
  expect((await roll.boundingBox())!.y).toBeLessThan(250);

  await page.getByRole("button", { name: "Disable…" }).click();
  const dialog = page.getByRole("dialog", { name: 'Disable "Switchable"?' });
  await expect(dialog).toContainText("refused (401) from now until you enable it again");
  await expect(dialog).toContainText(/It was last used .+ ago\.|It has not been used yet\./);
  await dialog.getByRole("button", { name: "Disable key" }).click();
  await expect(page.getByText("Key disabled")).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "This key is disabled" })).toBeVisible();
  const refused = await callMe(request, secret);
  expect(refused.status()).toBe(401);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: test.info().outputPath("disabled-key-390.png") });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: test.info().outputPath("disabled-key-1280.png") });

  await confirm("Enable…", /^Enable/, "Enable key");
  await expect(page.getByRole("status").filter({ hasText: "This key is disabled" })).toBeHidden();
  expect((await callMe(request, secret)).status()).toBe(200);

  // Told in the inbox, once the dispatcher has been through (within a second or so).
  await expect(async () => {
    await page.goto("/notifications");
    await expect(page.getByText("Key enabled again")).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(page.getByText("Key disabled")).toBeVisible();
});

test("ending a roll's grace now stops the old secret and keeps the new one", async ({ request }) => {
  const { secret: old } = await generateKey(page, { name: "Rolled with grace", scopes: ["keys:read"] });
  await page.getByRole("button", { name: "Roll key…" }).click();
  const roll = page.getByRole("dialog", { name: /^Roll/ });
  await roll.getByLabel("The current secret stops working").selectOption({ label: "In 24 hours" });
  await roll.getByRole("button", { name: "Roll key" }).click();
  const fresh = await keepSecret(page.getByRole("dialog", { name: "Save your new key" }));
  expect((await callMe(request, old)).status()).toBe(200);

  await confirm("End grace now…", /^End the grace period/, "End grace period");
  await expect(page.getByText("A previous secret is still in its grace period")).toBeHidden();
  expect((await callMe(request, old)).status()).toBe(401);
  expect((await callMe(request, fresh)).status()).toBe(200);
});

test("the keys list has each row's actions in a menu", async ({ request }) => {
  const { secret } = await generateKey(page, { name: "From the list", scopes: ["keys:read"] });
  await page.goto("/keys");
  const menu = page.getByRole("button", { name: "Actions for From the list" });
  await menu.click();
  await expect(page.getByRole("menuitem")).toHaveText(["Roll…", "Disable…", "Revoke…"]);
  await page.screenshot({ path: test.info().outputPath("row-menu-1280.png") });
  await page.getByRole("menuitem", { name: "Disable…" }).click();
  await page.getByRole("dialog", { name: 'Disable "From the list"?' }).getByRole("button", { name: "Disable key" }).click();
  const row = page.getByRole("row").filter({ hasText: "From the list" });
  await expect(row.getByText("Disabled")).toBeVisible();
  expect((await callMe(request, secret)).status()).toBe(401);

  await page.setViewportSize({ width: 390, height: 844 });
  await menu.click();
  await expect(page.getByRole("menuitem", { name: "Enable…" })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("row-menu-390.png") });
  await page.getByRole("menuitem", { name: "Revoke…" }).click();
  const revoke = page.getByRole("dialog", { name: 'Revoke "From the list"?' });
  await expect(revoke).toContainText("can never be enabled again");
  await revoke.getByRole("button", { name: "Revoke key" }).click();
  await expect(row.getByText("Revoked")).toBeVisible();
  await page.setViewportSize({ width: 1280, height: 800 });
});

test("metadata typed as JSON is kept, shown with the key and returned by the API; bad JSON is refused at the field", async ({
  request,
}) => {
  const { secret } = await generateKey(page, { name: "With metadata", scopes: ["keys:read"] });
  const settings = page.getByRole("region", { name: "Settings" });
  const field = settings.getByLabel("Metadata (optional)");
  await field.fill("{customer: cus_1}");
  await settings.getByRole("button", { name: "Save changes" }).click();
  await expect(settings.getByText('Metadata must be valid JSON, such as {"customer": "cus_123"}.')).toBeVisible();
  await field.fill('{"customer": "cus_123", "tier": "gold"}');
  await settings.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Key settings saved")).toBeVisible();
  await page.reload();
  const details = page.getByRole("region", { name: "Details" });
  await expect(details.getByText('"customer": "cus_123"')).toBeVisible();
  const me = await (await callMe(request, secret)).json();
  const key = await (await request.get(`/api/v1/keys/${me.id}`, { headers: { Authorization: `Bearer ${secret}` } })).json();
  expect(key.metadata).toEqual({ customer: "cus_123", tier: "gold" });
});
