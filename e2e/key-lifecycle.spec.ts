import { test, expect } from "@playwright/test";
import { OWNER_STATE, testUsers } from "./support/users";
import { keepSecret } from "./support/reveal";
import { callMe, chooseTemplate, generateKey } from "./support/keys";

test.use({ storageState: OWNER_STATE });

test("generate, reveal and copy, call the API, edit, roll, revoke", async ({ page, request }) => {
  const { secret, keyId } = await generateKey(page, { name: "Lifecycle key", scopes: ["keys:read", "payments:read"] });

  // The key works with either header and describes itself.
  const me = await callMe(request, secret);
  expect(me.status()).toBe(200);
  expect(me.headers()["cache-control"]).toContain("no-store");
  const body = await me.json();
  expect(body).toMatchObject({ id: keyId, name: "Lifecycle key", scopes: ["keys:read", "payments:read"] });
  // The key belongs to the owner's personal account, named after them.
  expect(body.account.name).toBe(testUsers().owner.name);
  expect((await callMe(request, secret, "x-api-key")).status()).toBe(200);

  // Edit: new name, an added scope, a different limit.
  const settings = page.getByRole("region", { name: "Settings" });
  await settings.getByLabel("Name").fill("Lifecycle key (edited)");
  await settings.getByRole("checkbox", { name: /^usage:read/ }).check();
  await settings.getByLabel("Rate limit").fill("120");
  await settings.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Key settings saved")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { name: "Lifecycle key (edited)" })).toBeVisible();
  const edited = await (await callMe(request, secret)).json();
  expect(edited.scopes).toEqual(["keys:read", "payments:read", "usage:read"]);
  expect(edited.rateLimit).toMatchObject({ limit: 120, window: "minute", remaining: 119 });

  // Roll with a grace period: both secrets work, and the page says the old one is still live.
  const graced = await roll(page, "In 1 hour");
  expect(graced).not.toBe(secret);
  expect((await callMe(request, secret)).status()).toBe(200);
  expect((await callMe(request, graced)).status()).toBe(200);
  await expect(page.getByRole("status").filter({ hasText: "grace period" })).toContainText(secret.slice(0, 12));

  // Roll immediately: every earlier secret stops at once, including the one in its grace period.
  const rolled = await roll(page, "Immediately");
  expect((await callMe(request, secret)).status()).toBe(401);
  expect((await callMe(request, graced)).status()).toBe(401);
  expect((await callMe(request, rolled)).status()).toBe(200);

  // Revoke, behind a confirmation.
  await page.getByRole("button", { name: "Revoke…" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByText("Key revoked")).toBeVisible();
  await expect(page.getByText("Revoked", { exact: true }).first()).toBeVisible();
  const refused = await callMe(request, rolled);
  expect(refused.status()).toBe(401);
  expect(await refused.json()).toEqual({ error: { code: "invalid_key", message: expect.any(String) } });

  // After a reload no secret is anywhere: not in the HTML, not in the RSC payload, not in the URL or cookies.
  await page.reload();
  for (const candidate of [secret, graced, rolled]) {
    expect(await page.content()).not.toContain(candidate);
    expect(page.url()).not.toContain(candidate);
    const rsc = await request.get(`/keys/${keyId}`, { headers: { RSC: "1" } });
    expect(await rsc.text()).not.toContain(candidate);
    const cookies = await page.context().cookies();
    expect(JSON.stringify(cookies)).not.toContain(candidate);
  }
  const list = await request.get("/keys");
  for (const candidate of [secret, graced, rolled]) expect(await list.text()).not.toContain(candidate);

  // A revoked key can be deleted from view, never re-enabled.
  await expect(page.getByRole("button", { name: "Roll key…" })).toHaveCount(0);
  await page.getByRole("button", { name: "Delete…" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete key" }).click();
  await expect(page).toHaveURL(/\/keys$/);
  await expect(page.getByRole("link", { name: "Lifecycle key (edited)" })).toHaveCount(0);
});

test("the copy button puts the secret on the clipboard and says so", async ({ page }) => {
  await page.goto("/keys");
  await page.getByRole("button", { name: /Generate (key|your first key)/ }).click();
  const dialog = page.getByRole("dialog", { name: "Generate a new API key" });
  await dialog.getByLabel("Name").fill("Clipboard key");
  await chooseTemplate(dialog, "Read only");
  await dialog.getByRole("button", { name: "Generate key" }).click();
  const reveal = page.getByRole("dialog", { name: "Save your new key" });
  const secret = await reveal.getByLabel("API key").inputValue();
  await expect(reveal.getByText(`Authorization: Bearer ${secret}`)).toBeVisible();
  await expect(reveal.getByText("This is the only time the key is shown")).toBeVisible();
  await reveal.getByRole("button", { name: "Copy", exact: true }).click();
  await expect(reveal.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  // Clicking outside does not throw the secret away; the explicit button does.
  await page.mouse.click(5, 5);
  await expect(reveal).toBeVisible();
  await reveal.getByRole("button", { name: "I have saved my key" }).click();
  await expect(reveal).toBeHidden();
  expect(await page.content()).not.toContain(secret);
});

async function roll(page: import("@playwright/test").Page, grace: string): Promise<string> {
  await page.getByRole("button", { name: "Roll key…" }).click();
  const dialog = page.getByRole("dialog", { name: /^Roll/ });
  await dialog.getByLabel("The current secret stops working").selectOption({ label: grace });
  await dialog.getByRole("button", { name: "Roll key" }).click();
  const reveal = page.getByRole("dialog", { name: "Save your new key" });
  const secret = await keepSecret(reveal);
  return secret;
}
