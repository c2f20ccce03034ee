import AxeBuilder from "@axe-core/playwright";
import { test, expect, type Page } from "@playwright/test";

// Every page through axe-core: no serious or critical accessibility violation, for a client, an admin and a visitor.
// The demo accounts are used because they have data on every page (keys, usage, webhooks, mail, leaks).

const ALICE = { email: "alice@example.com", password: "latchkey-alice-demo" };
const ADMIN = { email: "admin@latchkey.local", password: "latchkey-admin-demo" };

async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/sign-in/);
}

async function expectAccessible(page: Page, path: string) {
  await page.goto(path);
  await expect(page.getByRole("main")).toBeVisible();
  await expectNoSeriousViolations(page, path);
}

async function expectNoSeriousViolations(page: Page, path: string) {
  // Axe judges contrast as painted: a dialog still fading in reads as faint text (a flaky "color-contrast" on its
  // hint, seen once in CI). Finite animations are let finish first; endless ones (a spinner) never would.
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every((a) => a.playState !== "running" || a.effect?.getTiming().iterations === Number.POSITIVE_INFINITY),
  );
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.nodes
          .map((node) => node.target.join(" "))
          .slice(0, 3)
          .join(", ")}`,
    );
  expect(serious, `${path}`).toEqual([]);
}

test("a visitor's pages", async ({ browser }) => {
  const page = await (await browser.newContext({ storageState: { cookies: [], origins: [] } })).newPage();
  for (const path of ["/sign-in", "/sign-up", "/forgot-password", "/reset-password/not-a-real-link"])
    await expectAccessible(page, path);
  await page.context().close();
});

// Its own test: the client's pages above take most of a test's minute on a busy machine.
test("a person's account page and its delete dialog", async ({ browser }) => {
  const page = await (await browser.newContext({ storageState: { cookies: [], origins: [] } })).newPage();
  await signIn(page, ALICE);
  await expectAccessible(page, "/account");
  await page.getByRole("button", { name: "Delete account" }).click();
  await expect(page.getByRole("dialog", { name: "Delete your account?" })).toBeVisible();
  await expectNoSeriousViolations(page, "/account, the delete dialog");
  await page.context().close();
});

test("a client's pages", async ({ browser }) => {
  const page = await (await browser.newContext({ storageState: { cookies: [], origins: [] } })).newPage();
  await signIn(page, ALICE);
  await page.goto("/keys");
  const keyPage = await page.getByRole("link", { name: "Production backend", exact: true }).getAttribute("href");
  for (const path of [
    "/keys",
    "/keys/templates",
    keyPage!,
    "/usage",
    "/audit",
    "/webhooks",
    "/team",
    "/notifications",
    "/notifications/settings",
    "/docs",
    "/account/security",
  ]) {
    await expectAccessible(page, path);
  }
  // What opens on top of a page: the generate form and a row's menu.
  await page.goto("/keys");
  await page.getByRole("button", { name: "Generate key" }).click();
  await expect(page.getByRole("dialog", { name: "Generate a new API key" })).toBeVisible();
  await expectNoSeriousViolations(page, "/keys, the generate form");
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: "Actions for Production backend" }).click();
  await expect(page.getByRole("menu")).toBeVisible();
  await expectNoSeriousViolations(page, "/keys, a row's menu");
  await page.context().close();
});

test("an admin's pages", async ({ browser }) => {
  const page = await (await browser.newContext({ storageState: { cookies: [], origins: [] } })).newPage();
  await signIn(page, ADMIN);
  for (const path of [
    "/admin",
    "/admin/clients",
    "/admin/plans",
    "/admin/templates",
    "/admin/scopes",
    "/admin/gateway",
    "/admin/audit",
    "/admin/mail",
    "/admin/webhooks",
    "/admin/leaks",
  ]) {
    await expectAccessible(page, path);
  }
  await page.goto("/admin/clients");
  await page.getByRole("link", { name: "Alice Client" }).first().click();
  await expectAccessible(page, page.url().replace(/^https?:\/\/[^/]+/, ""));
  await page.context().close();
});
