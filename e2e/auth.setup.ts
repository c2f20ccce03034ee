import { test as setup, expect } from "@playwright/test";
import { newTestUser, saveTestUsers } from "./support/users";

// Signs up two fresh clients through the real form and keeps their sessions for the specs.
setup("sign up two clients", async ({ browser }) => {
  const users = { owner: newTestUser("Owner"), other: newTestUser("Other") };
  for (const user of Object.values(users)) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto("/sign-up");
    await page.getByLabel("Name").fill(user.name);
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page).toHaveURL(/\/keys$/);
    await expect(page.getByRole("heading", { name: "No API keys yet" })).toBeVisible();
    await context.storageState({ path: user.storageState });
    await context.close();
  }
  saveTestUsers(users);
});
