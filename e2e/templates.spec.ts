import { randomUUID } from "node:crypto";
import { test, expect, type Locator, type Page } from "@playwright/test";
import { callMe, chooseTemplate } from "./support/keys";
import { keepSecret } from "./support/reveal";
import { ownClientPage } from "./support/sign-up";

// Key templates end to end: an admin makes a plan template for the basic plan; a client of that plan generates a key
// from it, saves a template of their own from the generate form, generates one from that, and renames and deletes it.

const ADMIN = { email: "admin@latchkey.local", password: "latchkey-admin-demo" };
const SHOTS = "/tmp/shots-templates";

async function shoot(page: Page, name: string, target?: Locator) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    if (target) await target.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: !target });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("an admin's plan template, and a client's own, fill the generate form and make keys", async ({ browser }) => {
  const planTemplate = `Partner ${randomUUID().slice(0, 6)}`;

  // The admin's plan template, for the basic plan.
  const admin = await (await browser.newContext({ storageState: { cookies: [], origins: [] } })).newPage();
  await admin.goto("/sign-in");
  await admin.getByLabel("Email").fill(ADMIN.email);
  await admin.getByLabel("Password").fill(ADMIN.password);
  await admin.getByRole("button", { name: "Sign in" }).click();
  await expect(admin).toHaveURL(/\/admin$/);
  await admin.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Templates" }).click();
  await admin.getByRole("button", { name: "New template" }).click();
  const form = admin.getByRole("dialog", { name: "New key template" });
  await form.getByLabel("Template name").fill(planTemplate);
  await form.getByLabel("For").selectOption("basic");
  await form.getByLabel("Test").check();
  await form.getByLabel("Description (optional)").fill("Read access for partners.");
  await form.getByRole("checkbox", { name: /^payments:read/ }).check();
  await form.getByRole("checkbox", { name: /^payments:write/ }).check();
  await form.getByLabel("Keys expire").selectOption("days");
  await form.getByLabel("Days").fill("45");
  await form.getByLabel("Rate limit").fill("120");
  await form.getByLabel("Usage quota (optional)").fill("5000");
  await form.getByLabel("IP allowlist (optional)").fill("203.0.113.0/24");
  await form.getByLabel("Metadata (optional)").fill('{"tier": "partner"}');
  await shoot(admin, "admin-template-form", form);
  await form.getByRole("button", { name: "Save template" }).click();
  await expect(form).toHaveCount(0);
  const planCard = admin.getByRole("region", { name: "Plan templates" });
  await expect(planCard.getByText(planTemplate)).toBeVisible();
  await expect(planCard.getByRole("listitem").filter({ hasText: planTemplate })).toContainText("The basic plan");
  await shoot(admin, "admin-templates");
  await admin.context().close();

  // A client of the basic plan generates a key from it: every field filled, payments:write left out with the reason.
  const page = await ownClientPage(browser);
  await page.getByRole("button", { name: "Generate your first key" }).click();
  const dialog = page.getByRole("dialog", { name: "Generate a new API key" });
  await dialog.getByLabel("Name").fill("Partner key");
  await chooseTemplate(dialog, planTemplate);
  await expect(dialog.getByRole("status")).toContainText("Left out payments:write (not on the basic plan).");
  await expect(dialog.getByLabel("Name")).toHaveValue("Partner key");
  await expect(dialog.getByLabel("Test")).toBeChecked();
  await expect(dialog.getByRole("checkbox", { name: /^payments:read/ })).toBeChecked();
  await expect(dialog.getByRole("checkbox", { name: /^payments:write/ })).not.toBeChecked();
  await expect(dialog.getByLabel("Rate limit")).toHaveValue("120");
  await expect(dialog.getByLabel("Expires")).toHaveValue("date");
  await expect(dialog.getByLabel("Usage quota (optional)")).toHaveValue("5000");
  await expect(dialog.getByLabel("IP allowlist (optional)")).toHaveValue("203.0.113.0/24");
  await shoot(page, "generate-with-template", dialog.getByLabel("Start from a template"));
  await dialog.getByRole("button", { name: "Generate key" }).click();
  const secret = await keepSecret(page.getByRole("dialog", { name: "Save your new key" }));
  expect(secret).toMatch(/^lk_test_/);
  // The allowlist came with the template: this machine is outside it.
  const me = await callMe(page.request, secret);
  expect(me.status()).toBe(403);
  expect((await me.json()).error.code).toBe("ip_not_allowed");

  // The client saves a template of their own from the generate form, then generates from it.
  await page.goto("/keys");
  await page.getByRole("button", { name: "Generate key" }).click();
  await dialog.getByRole("checkbox", { name: /^customers:read/ }).check();
  await dialog.getByLabel("Rate limit").fill("30");
  await dialog.getByRole("button", { name: "Save these settings as a template…" }).click();
  await dialog.getByLabel("Template name").fill("CI reader");
  await shoot(page, "save-as-template", dialog.getByLabel("Template name"));
  await dialog.getByRole("button", { name: "Save template" }).click();
  await expect(page.getByText("Template “CI reader” saved")).toBeVisible();
  await dialog.getByLabel("Name").fill("CI key");
  await chooseTemplate(dialog, "CI reader");
  await expect(dialog.getByRole("checkbox", { name: /^customers:read/ })).toBeChecked();
  await expect(dialog.getByLabel("Rate limit")).toHaveValue("30");
  await expect(dialog.getByRole("status")).toHaveCount(0);
  await shoot(page, "generate-own-template", dialog.getByLabel("Start from a template"));
  await dialog.getByRole("button", { name: "Generate key" }).click();
  const ciSecret = await keepSecret(page.getByRole("dialog", { name: "Save your new key" }));
  const ciMe = await callMe(page.request, ciSecret);
  expect(ciMe.status()).toBe(200);
  expect(await ciMe.json()).toMatchObject({ scopes: ["customers:read"], environment: "live", rateLimit: { limit: 30 } });

  // The management list: rename, then delete.
  await page.goto("/keys/templates");
  const own = page.getByRole("region", { name: /^Saved by/ });
  await expect(own.getByText("CI reader")).toBeVisible();
  await expect(page.getByRole("region", { name: "From your platform" }).getByText(planTemplate)).toBeVisible();
  await shoot(page, "templates-page");
  await own.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("dialog", { name: "Edit “CI reader”" });
  await edit.getByLabel("Template name").fill("CI reader v2");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(own.getByText("CI reader v2")).toBeVisible();
  await own.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("dialog", { name: "Delete “CI reader v2”?" }).getByRole("button", { name: "Delete template" }).click();
  await expect(own.getByText("has saved no template yet")).toBeVisible();
  await page.context().close();
});
