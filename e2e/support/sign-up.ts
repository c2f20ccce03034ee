import { expect, type Browser, type Page } from "@playwright/test";
import { newTestUser, type TestUser } from "./users";

/** Signs a new client up through the real form and waits for their (empty) key list. */
export async function signUpThroughForm(page: Page, user: Pick<TestUser, "name" | "email" | "password">) {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(user.name);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/keys$/);
}

/**
 * A page of a client of its own, just signed up, that may use the clipboard: for a spec whose keys must count against
 * nobody else's plan. Close its context when done.
 */
export async function ownClientPage(browser: Browser): Promise<Page> {
  return (await ownClient(browser)).page;
}

/** As ownClientPage, with the client's name, email and password, for a spec that signs in again or changes them. */
export async function ownClient(browser: Browser): Promise<{ page: Page; user: TestUser }> {
  const context = await browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
  const page = await context.newPage();
  const user = newTestUser("Owner");
  await signUpThroughForm(page, user);
  return { page, user };
}
