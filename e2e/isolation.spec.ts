import { test, expect } from "@playwright/test";
import { testUsers } from "./support/users";
import { callMe, generateKey } from "./support/keys";

test("another client can neither see nor act on a key", async ({ browser, request }) => {
  const { owner, other } = testUsers();
  const ownerContext = await browser.newContext({ storageState: owner.storageState });
  const ownerPage = await ownerContext.newPage();
  const { secret, keyId } = await generateKey(ownerPage, { name: "Owner's private key", template: "Read only" });

  const otherContext = await browser.newContext({ storageState: other.storageState });
  const otherPage = await otherContext.newPage();

  // The key is not in the other client's list, and its page answers "not found".
  await otherPage.goto("/keys");
  await expect(otherPage.getByText("Owner's private key")).toHaveCount(0);
  const response = await otherPage.goto(`/keys/${keyId}`);
  expect(response?.status()).toBe(404);
  await expect(otherPage.getByRole("heading", { name: "Key not found" })).toBeVisible();

  // Forge the owner's key id into the other client's own revoke action: refused as "not found", nothing changes.
  const { keyId: decoyId } = await generateKey(otherPage, { name: "Other's key", template: "Read only" });
  await otherPage.route(`**/keys/${decoyId}`, async (route) => {
    const request = route.request();
    if (request.method() !== "POST") return route.continue();
    await route.continue({ postData: request.postData()!.replaceAll(decoyId, keyId) });
  });
  await otherPage.getByRole("button", { name: "Revoke…" }).click();
  await otherPage.getByRole("dialog").getByRole("button", { name: "Revoke key" }).click();
  await expect(otherPage.getByRole("dialog").getByRole("alert")).toHaveText("Key not found.");
  await otherPage.unroute(`**/keys/${decoyId}`);

  expect((await callMe(request, secret)).status()).toBe(200);
  await ownerPage.reload();
  await expect(ownerPage.getByText("Active", { exact: true })).toBeVisible();
  await ownerContext.close();
  await otherContext.close();
});

test("a signed-out visitor is sent to sign in and comes back to the page", async ({ browser }) => {
  const { owner } = testUsers();
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/keys?from=e2e");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fkeys%3Ffrom%3De2e/);
  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill("wrong password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Wrong email or password.");
  await page.getByLabel("Password").fill(owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/keys\?from=e2e$/);
  await expect(page.getByRole("heading", { name: "API keys" })).toBeVisible();
  await context.close();
});
