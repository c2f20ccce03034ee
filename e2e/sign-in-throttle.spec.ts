import { test, expect } from "@playwright/test";
import { newTestUser } from "./support/users";
import { signUpThroughForm } from "./support/sign-up";

test("repeated wrong passwords pause the account's sign-in with a clear message", async ({ page }) => {
  const user = newTestUser("Other");
  await signUpThroughForm(page, user);
  await page.context().clearCookies();

  await page.goto("/sign-in");
  for (let i = 0; i < 5; i++) {
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(`wrong password ${i}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("Wrong email or password.");
  }
  // Even the right password waits now.
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(
    "Too many failed attempts. Wait a few minutes before trying again.",
  );
  await expect(page).toHaveURL(/\/sign-in/);
});
