import path from "node:path";
import { test, expect, type Locator } from "@playwright/test";
import { signUpThroughForm } from "./support/sign-up";
import { chooseTemplate } from "./support/keys";
import { newTestUser, testUsers } from "./support/users";

// A client of its own: the shared owner may have used its plan's five keys by now, and the form is then not offered.
const STATE = path.join(process.cwd(), "e2e", ".auth", "validation.json");

test.describe("the generate form refuses bad input field by field", () => {
  // On one worker, so that one sign-up serves every case and no two write the state file at once.
  test.describe.configure({ mode: "serial" });
  test.beforeAll(async ({ browser }) => {
    // Signed out (this describe's storage state is the file this writes).
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    await signUpThroughForm(await context.newPage(), newTestUser("Owner"));
    await context.storageState({ path: STATE });
    await context.close();
  });
  test.use({ storageState: STATE });

  const cases: { field: string; fill: (dialog: Locator) => Promise<void>; error: string | RegExp }[] = [
    { field: "name (empty)", fill: async () => {}, error: "Name is required." },
    {
      field: "name (too long)",
      fill: (d) => d.getByLabel("Name").fill("x".repeat(65)),
      error: "Name must be at most 64 characters.",
    },
    {
      field: "description",
      fill: (d) => d.getByLabel("Description (optional)").fill("d".repeat(501)),
      error: "Description must be at most 500 characters.",
    },
    {
      field: "rate limit (zero)",
      fill: (d) => d.getByLabel("Rate limit").fill("0"),
      error: /Rate limit must be between 1 and 10,000/,
    },
    {
      field: "rate limit (per hour too high)",
      fill: async (d) => {
        await d.getByLabel("Per", { exact: true }).selectOption("hour");
        await d.getByLabel("Rate limit").fill("600001");
      },
      error: /Rate limit must be between 1 and 600,000 requests per hour/,
    },
    {
      field: "rate limit (not a number)",
      fill: (d) => d.getByLabel("Rate limit").fill("1.5"),
      error: "Rate limit must be a whole number.",
    },
    {
      field: "expiry date in the past",
      fill: async (d) => {
        await d.getByLabel("Expires").selectOption("date");
        await d.getByLabel("Expiry date (UTC)").fill("2020-01-01");
      },
      error: "The expiry date must be in the future.",
    },
  ];

  for (const { field, fill, error } of cases) {
    test(field, async ({ page }) => {
      await page.goto("/keys");
      const before = await page.locator("tbody tr").count();
      await page.getByRole("button", { name: /Generate (key|your first key)/ }).click();
      const dialog = page.getByRole("dialog", { name: "Generate a new API key" });
      await dialog.getByLabel("Name").fill("Valid name");
      await chooseTemplate(dialog, "Read only");
      if (field === "name (empty)") await dialog.getByLabel("Name").fill("");
      await fill(dialog);
      await dialog.getByRole("button", { name: "Generate key" }).click();
      await expect(dialog.getByRole("alert")).toHaveText("Check the highlighted fields.");
      await expect(dialog.getByText(error)).toBeVisible();
      await expect(page.getByRole("dialog", { name: "Save your new key" })).toHaveCount(0);
      await page.reload();
      expect(await page.locator("tbody tr").count()).toBe(before);
    });
  }

  test("scopes (none chosen)", async ({ page }) => {
    await page.goto("/keys");
    await page.getByRole("button", { name: /Generate (key|your first key)/ }).click();
    const dialog = page.getByRole("dialog", { name: "Generate a new API key" });
    await dialog.getByLabel("Name").fill("No scopes");
    await dialog.getByRole("button", { name: "Generate key" }).click();
    await expect(dialog.getByText("Choose at least one scope.")).toBeVisible();
  });
});

test.describe("sign-up refuses bad input", () => {
  test("invalid email, short password, taken email", async ({ page }) => {
    await page.goto("/sign-up");
    await page.getByLabel("Name").fill("Someone");
    await page.getByLabel("Email").fill("not-an-email");
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("Enter a valid email address.")).toBeVisible();
    await expect(page.getByText("Password must be at least 10 characters.")).toBeVisible();
    // What was typed survives a refused submission.
    await expect(page.getByLabel("Name")).toHaveValue("Someone");
    await expect(page.getByLabel("Email")).toHaveValue("not-an-email");
    await page.getByLabel("Email").fill(testUsers().owner.email.toUpperCase());
    await page.getByLabel("Password").fill("long enough password");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("An account with this email already exists.")).toBeVisible();
    await expect(page).toHaveURL(/\/sign-up/);
  });
});
