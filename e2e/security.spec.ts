import { test, expect, type Browser, type Page } from "@playwright/test";
import { generate } from "otplib";
import { keepSecret } from "./support/reveal";
import { signUpThroughForm } from "./support/sign-up";
import { newTestUser, type TestUser } from "./support/users";

// /account/security: two-factor sign-in from enrolment to a sign-in with a recovery code, and the list of sessions
// with signing another browser out. Each test signs up a client of its own, in a context with no stored session.

const FRESH = { storageState: { cookies: [], origins: [] } };

async function freshPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ ...FRESH, permissions: ["clipboard-read", "clipboard-write"] });
  return context.newPage();
}

async function signIn(page: Page, user: TestUser) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

async function shoot(page: Page, name: string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.screenshot({ path: test.info().outputPath(`${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("two-factor sign-in: enrol with a code, keep the recovery codes, sign in with a code and with a recovery code", async ({
  browser,
}) => {
  const page = await freshPage(browser);
  const user = newTestUser("Owner");
  await signUpThroughForm(page, user);
  await page.goto("/account/security");
  await expect(page.getByRole("heading", { name: "Sign-in and security" })).toBeVisible();
  await shoot(page, "account-security");

  await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  const enrol = page.getByRole("dialog", { name: "Set up two-factor sign-in" });
  await expect(enrol.getByRole("img", { name: /QR code/ })).toBeVisible();
  const secret = (await enrol.getByTestId("totp-secret").textContent())?.trim() ?? "";
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await shoot(page, "enrolment");
  await enrol.getByLabel("Code from the app").fill("000000");
  await enrol.getByRole("button", { name: "Turn on" }).click();
  await expect(enrol.getByRole("alert")).toContainText("Wrong code");
  await enrol.getByLabel("Code from the app").fill(await generate({ secret }));
  await enrol.getByRole("button", { name: "Turn on" }).click();

  const reveal = page.getByRole("dialog", { name: "Save your recovery codes" });
  await expect(reveal).toBeVisible();
  await shoot(page, "recovery-codes");
  const codes = (await keepSecret(reveal)).split("\n");
  expect(codes).toHaveLength(10);
  await expect(page.getByText("10 recovery codes left")).toBeVisible();

  // Signing in now asks for a code once the password is right; a wrong one says so and nothing more.
  await signOut(page);
  await signIn(page, user);
  const code = page.getByLabel("Authentication code");
  await expect(code).toBeVisible();
  await expect(page.getByLabel("Password")).toBeHidden();
  await shoot(page, "sign-in-code");
  await code.fill("000000");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Wrong code." })).toBeVisible();
  // The next time step's code: the enrolment used this one's, and a code is never taken twice.
  await code.fill(await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/keys/);

  await signOut(page);
  await signIn(page, user);
  await page.getByLabel("Authentication code").fill(codes[0]);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/keys/);
  await page.goto("/account/security");
  await expect(page.getByText("9 recovery codes left")).toBeVisible();
  await page.context().close();
});

test("sessions: another browser is listed and signed out, one by one or all at once", async ({ browser }) => {
  const page = await freshPage(browser);
  const user = newTestUser("Owner");
  await signUpThroughForm(page, user);
  const other = await freshPage(browser);
  await signIn(other, user);
  await expect(other).toHaveURL(/\/keys/);

  await page.goto("/account/security");
  const sessions = page.getByRole("region", { name: "Signed-in sessions" });
  await expect(sessions.getByRole("listitem")).toHaveCount(2);
  await expect(sessions.getByText("This session")).toHaveCount(1);
  await sessions.getByRole("button", { name: "Sign out", exact: true }).click();
  await page.getByRole("dialog", { name: "Sign out this session?" }).getByRole("button", { name: "Sign out" }).click();
  await expect(sessions.getByRole("listitem")).toHaveCount(1);
  await other.goto("/keys");
  await expect(other).toHaveURL(/\/sign-in/);

  await signIn(other, user);
  await expect(other).toHaveURL(/\/keys/);
  await page.reload();
  await expect(sessions.getByRole("listitem")).toHaveCount(2);
  await sessions.getByRole("button", { name: "Sign out of all other sessions" }).click();
  await expect(sessions.getByRole("listitem")).toHaveCount(1);
  await other.goto("/usage");
  await expect(other).toHaveURL(/\/sign-in/);
  // This browser is still signed in.
  await page.goto("/keys");
  await expect(page).toHaveURL(/\/keys/);
  await other.context().close();
  await page.context().close();
});
