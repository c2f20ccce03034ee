import { test as setup, expect } from "@playwright/test";
import { newTestUser, saveTestUsers } from "./support/users";
import { signUpThroughForm } from "./support/sign-up";

// Signs up two fresh clients through the real form and keeps their sessions for the specs.
setup("sign up two clients", async ({ browser }) => {
  const users = { owner: newTestUser("Owner"), other: newTestUser("Other") };
  for (const user of Object.values(users)) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signUpThroughForm(page, user);
    await expect(page.getByRole("heading", { name: "No API keys yet" })).toBeVisible();
    await context.storageState({ path: user.storageState });
    await context.close();
  }
  saveTestUsers(users);
});
