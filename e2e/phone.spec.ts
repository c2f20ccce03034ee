import { test, expect, type Page } from "@playwright/test";
import { OWNER_STATE } from "./support/users";

// At 390 px (a phone) every page fits its width: nothing to scroll sideways but the tables that say so, and every
// link of the navigation in sight.

const ADMIN = { email: "admin@latchkey.local", password: "latchkey-admin-demo" };

test.use({ viewport: { width: 390, height: 844 } });

async function fitsThePhone(page: Page, path: string) {
  await page.goto(path);
  await expect(page.getByRole("main")).toBeVisible();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  // Named in the failure: the innermost elements that reach past the screen's edge.
  const culprits = await page.evaluate(() =>
    [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
      .filter((el) => ![...el.children].some((child) => child.getBoundingClientRect().right > window.innerWidth + 1))
      .slice(0, 5)
      .map((el) => `<${el.tagName.toLowerCase()} class="${el.className}">${(el.textContent ?? "").slice(0, 40)}`),
  );
  expect(width, `${path} is ${width} px wide: ${culprits.join(" | ")}`).toBeLessThanOrEqual(390);
  for (const link of await page.getByRole("navigation", { name: "Main" }).getByRole("link").all()) {
    const box = (await link.boundingBox())!;
    expect(box.x, `${await link.textContent()} starts in sight`).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, `${await link.textContent()} ends in sight`).toBeLessThanOrEqual(390);
  }
}

test.describe("a client's pages", () => {
  test.use({ storageState: OWNER_STATE });
  for (const path of [
    "/keys",
    "/keys/templates",
    "/usage",
    "/audit",
    "/webhooks",
    "/team",
    "/notifications",
    "/docs",
    "/account",
    "/account/security",
  ]) {
    test(`${path} fits 390 px`, async ({ page }) => {
      await fitsThePhone(page, path);
    });
  }
});

test.describe("the pages for a forgotten password", () => {
  test.use({ storageState: { cookies: [], origins: [] } });
  for (const path of ["/forgot-password", "/reset-password/not-a-real-link"]) {
    test(`${path} fits 390 px`, async ({ page }) => {
      await page.goto(path);
      await expect(page.getByRole("main")).toBeVisible();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    });
  }
});

test.describe("an admin's pages", () => {
  test("every admin page fits 390 px, its navigation in sight", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/admin$/);
    for (const path of [
      "/admin",
      "/admin/clients",
      "/admin/plans",
      "/admin/templates",
      "/admin/scopes",
      "/admin/audit",
      "/admin/mail",
      "/admin/leaks",
    ]) {
      await fitsThePhone(page, path);
      for (const link of await page.getByRole("navigation", { name: "Admin" }).getByRole("link").all()) {
        const box = (await link.boundingBox())!;
        expect(box.x + box.width, `${await link.textContent()} in sight on ${path}`).toBeLessThanOrEqual(390);
      }
    }
    await page.goto("/admin");
    await page.screenshot({ path: test.info().outputPath("admin-390.png"), fullPage: true });
  });
});
