import { expect, type Page } from "@playwright/test";
import type { TestUser } from "./users";

/** Signs a new client up through the real form and waits for their (empty) key list. */
export async function signUpThroughForm(page: Page, user: Pick<TestUser, "name" | "email" | "password">) {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(user.name);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/keys$/);
}
