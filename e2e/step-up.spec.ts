import { test, expect, type Page } from "@playwright/test";
import { chooseTemplate } from "./support/keys";
import { keepSecret } from "./support/reveal";
import { signUpThroughForm } from "./support/sign-up";
import { newTestUser, type TestUser } from "./support/users";

// Runs on the second server of playwright.config.ts, whose step-up window is 5 seconds: a sensitive action a little
// later asks for the password, then goes through by itself with what was typed (one key made, the key revoked).

const WINDOW_MS = 5_000;
const beyondTheWindow = (page: Page) => page.waitForTimeout(WINDOW_MS + 1_500);

async function confirmItIsMe(page: Page, user: TestUser, screenshot: string) {
  const dialog = page.getByRole("dialog", { name: "Confirm it is you" });
  await expect(dialog).toBeVisible();
  await page.screenshot({ path: test.info().outputPath(screenshot) });
  await dialog.getByLabel("Password").fill("not my password");
  await dialog.getByRole("button", { name: "Confirm and continue" }).click();
  await expect(dialog.getByRole("alert")).toContainText("Wrong password");
  await dialog.getByLabel("Password").fill(user.password);
  await dialog.getByRole("button", { name: "Confirm and continue" }).click();
  await expect(dialog).toBeHidden();
}

for (const width of [1280, 390]) {
  test(`at ${width} px: a live key made and a key revoked after the window ask for the password, then carry on`, async ({
    browser,
  }) => {
    const context = await browser.newContext({
      viewport: { width, height: width === 390 ? 844 : 900 },
      permissions: ["clipboard-read", "clipboard-write"],
    });
    const page = await context.newPage();
    const user = newTestUser("Owner");
    await signUpThroughForm(page, user);

    await beyondTheWindow(page);
    await page.getByRole("button", { name: /Generate (key|your first key)/ }).click();
    const generate = page.getByRole("dialog", { name: "Generate a new API key" });
    await generate.getByLabel("Name").fill("Step-up key");
    await chooseTemplate(generate, "Read only");
    await generate.getByRole("button", { name: "Generate key" }).click();
    await confirmItIsMe(page, user, `step-up-create-${width}.png`);
    // The same submission went through once the password was given: its key is revealed, and there is one.
    const secret = await keepSecret(page.getByRole("dialog", { name: "Save your new key" }));
    expect(secret).toMatch(/^lk_live_/);
    await expect(page.getByRole("link", { name: "Step-up key", exact: true })).toHaveCount(1);

    await page.getByRole("link", { name: "Step-up key", exact: true }).click();
    await expect(page).toHaveURL(/\/keys\/[0-9a-f-]{36}$/);
    await beyondTheWindow(page);
    await page.getByRole("button", { name: "Revoke…" }).click();
    await page.getByRole("dialog", { name: 'Revoke "Step-up key"?' }).getByRole("button", { name: "Revoke key" }).click();
    await confirmItIsMe(page, user, `step-up-revoke-${width}.png`);
    await expect(page.getByText("Key revoked")).toBeVisible();
    await expect(page.getByRole("dialog", { name: 'Revoke "Step-up key"?' })).toBeHidden();
    await context.close();
  });
}
