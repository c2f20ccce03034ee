import { readFileSync } from "node:fs";
import { test, expect, type Browser } from "@playwright/test";
import { newTestUser } from "./support/users";
import { signUpThroughForm } from "./support/sign-up";
import { generateKey } from "./support/keys";

/** A client of its own, so that the trail holds exactly what this spec did. */
async function signUp(browser: Browser, extraHTTPHeaders: Record<string, string> = {}) {
  const user = newTestUser("Other");
  const context = await browser.newContext({ extraHTTPHeaders });
  const page = await context.newPage();
  await signUpThroughForm(page, user);
  return { user, context, page };
}

test("a client reads, filters and exports their own trail, and is refused the admins' one", async ({ browser }) => {
  // Every request of this browser claims another address; the trail must record the one the server saw.
  const { user, context, page } = await signUp(browser, { "X-Forwarded-For": "203.0.113.250" });
  await generateKey(page, { name: "Audited key", template: "Read only" });
  const settings = page.getByRole("region", { name: "Settings" });
  await settings.getByLabel("Name").fill("Audited key (renamed)");
  await settings.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Key settings saved")).toBeVisible();

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  const events = page.getByRole("list", { name: "Audit events" }).getByRole("listitem");
  await expect(events).toHaveCount(2);
  await expect(events.nth(0)).toContainText("Key edited");
  await expect(events.nth(0)).toContainText(user.email);
  await expect(events.nth(1)).toContainText("Key created");
  await expect(events.nth(0).getByRole("link", { name: "Audited key (renamed)" })).toHaveAttribute(
    "href",
    /\/keys\/[0-9a-f-]{36}$/,
  );

  // The before and after of the edit, behind a disclosure.
  await events.nth(0).getByText("1 field: name").click();
  await expect(events.nth(0).getByRole("row", { name: /name/ })).toContainText("Audited key");
  await expect(events.nth(0).getByRole("row", { name: /name/ })).toContainText("Audited key (renamed)");

  // Filter by action: the URL carries the filter, and only the edit is left.
  await page.getByLabel("Action").selectOption({ label: "Key edited" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/[?&]action=key\.update/);
  await expect(events).toHaveCount(1);
  await expect(events.first()).toContainText("Key edited");

  // Export the filtered trail.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^latchkey-audit-.*\.csv$/);
  const csv = readFileSync((await download.path())!, "utf8")
    .trim()
    .split("\n");
  expect(csv[0]).toMatch(/^id,time_utc,action,/);
  expect(csv).toHaveLength(2);
  expect(csv[1]).toContain(",key.update,");
  expect(csv[1]).toContain(",127.0.0.1,");
  expect(csv[1]).not.toContain("203.0.113.250");

  // A bad filter value is named and ignored.
  await page.goto("/audit?from=yesterday");
  await expect(page.getByRole("search").getByRole("alert")).toContainText("From:");
  await expect(events).toHaveCount(2);

  // The admins' trail is not for clients: the page sends them away, the export answers 403.
  await page.goto("/admin/audit");
  await expect(page).toHaveURL(/\/keys$/);
  await expect(page.getByRole("heading", { name: /all clients/ })).toHaveCount(0);
  expect((await page.request.get("/admin/audit/export")).status()).toBe(403);
  await page.goto("/audit?action=*.denied");
  await expect(events).toHaveCount(1);
  await expect(events.first()).toContainText("Audit trail exported (refused)");
  await context.close();
});

test("an admin reads every client's trail, filtered by client", async ({ page }) => {
  const { user, context, page: clientPage } = await signUp(page.context().browser()!);
  await generateKey(clientPage, { name: "Seen by the admin", template: "Read only" });
  await context.close();

  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("admin@latchkey.local");
  await page.getByLabel("Password").fill("latchkey-admin-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto(`/admin/audit?owner=${encodeURIComponent(user.email)}`);
  await expect(page.getByRole("heading", { name: "Audit log: all clients" })).toBeVisible();
  const events = page.getByRole("list", { name: "Audit events" }).getByRole("listitem");
  await expect(events).toHaveCount(1);
  await expect(events.first()).toContainText("Key created");
  await expect(events.first()).toContainText(`client ${user.email}`);
  expect((await page.request.get(`/admin/audit/export?owner=${encodeURIComponent(user.email)}`)).status()).toBe(200);
});
