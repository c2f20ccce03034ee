import { test, expect, type Browser, type Page } from "@playwright/test";
import { generateKey } from "./support/keys";
import { ownClient } from "./support/sign-up";

// A person's own account, end to end: name, password (changed, then forgotten and reset by mail), email (confirmed
// from the new inbox), and deletion, after which they cannot sign in. Mail is read where an admin reads it, the
// outbox at /admin/mail (the server has no SMTP_URL: every mail is logged and kept there).

const ADMIN = { email: "admin@latchkey.local", password: "latchkey-admin-demo" };
const SHOTS = "/tmp/shots-accounts";

async function signIn(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

/** An admin's page, signed in on a context of its own, for reading the outbox. */
async function adminPage(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext({ storageState: { cookies: [], origins: [] } })).newPage();
  await signIn(page, ADMIN.email, ADMIN.password);
  await expect(page).toHaveURL(/\/admin$/);
  return page;
}

/** The path of the newest link to `path` in the newest mail to `to` with this subject, once it is in the outbox. */
async function linkInMail(admin: Page, to: string, subject: string, path: string): Promise<string> {
  let link = "";
  await expect(async () => {
    await admin.goto("/admin/mail");
    const mail = admin
      .getByRole("list", { name: "Mail" })
      .getByRole("listitem")
      .filter({ hasText: `To ${to}` })
      .filter({ hasText: subject });
    const text = (await mail.first().locator("pre").textContent({ timeout: 1_000 })) ?? "";
    const found = text.match(new RegExp(`https?://[^/\\s]+(${path}/[A-Za-z0-9_-]{43})`));
    expect(found, text).not.toBeNull();
    link = found![1];
  }).toPass({ timeout: 15_000 });
  return link;
}

async function shot(page: Page, name: string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("a person changes their name, password and email, resets a forgotten password, and deletes their account", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { page, user } = await ownClient(browser);
  const admin = await adminPage(browser);

  // The header's name block leads to the account page.
  await page.getByRole("link", { name: /^Your account/ }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();

  // Name.
  const profile = page.getByRole("region", { name: "Profile" });
  await profile.getByLabel("Name").fill("Ada Renamed");
  await profile.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByText("Name saved")).toBeVisible();
  await expect(page.getByRole("link", { name: /^Your account: Ada Renamed/ })).toBeVisible();

  // Password: the current one is required; then the new one signs in.
  const password = page.getByRole("region", { name: "Password" });
  await password.getByLabel("Current password").fill("not-my-password");
  await password.getByLabel("New password", { exact: true }).fill("second-password-1");
  await password.getByLabel("Confirm new password").fill("second-password-1");
  await password.getByRole("button", { name: "Change password" }).click();
  await expect(password.getByText("This is not your current password.")).toBeVisible();
  await password.getByLabel("Current password").fill(user.password);
  await password.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Password changed")).toBeVisible();
  await expect(password.getByLabel("Current password")).toHaveValue("");
  await signOut(page);
  await signIn(page, user.email, "second-password-1");
  await expect(page).toHaveURL(/\/keys$/);
  await expect(async () => {
    await admin.goto("/admin/mail");
    await expect(
      admin
        .getByRole("listitem")
        .filter({ hasText: `To ${user.email}` })
        .filter({ hasText: "Your password was changed" }),
    ).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });

  // A forgotten password: the same answer for any address; the link mailed sets a new one and signs nobody in.
  await signOut(page);
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await shot(page, "forgot-password");
  await page.getByLabel("Email").fill(user.email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByRole("status")).toContainText("If an account exists for that address, we've sent a link");
  const reset = await linkInMail(admin, user.email, "Reset your password", "/reset-password");
  await page.goto(reset);
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await shot(page, "reset-password");
  await page.getByLabel("New password", { exact: true }).fill("third-password-12");
  await page.getByLabel("Confirm new password").fill("third-password-12");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page).toHaveURL(/\/sign-in\?notice=password-reset$/);
  await expect(page.getByRole("status")).toHaveText("Your password was changed. Sign in with the new one.");
  // The link worked once.
  await page.goto(reset);
  await expect(page.getByRole("alert").filter({ hasText: "already been used" })).toBeVisible();
  await signIn(page, user.email, "third-password-12");
  await expect(page).toHaveURL(/\/keys$/);

  // Email: nothing changes until the link mailed to the new address is opened by this person, signed in.
  const newEmail = user.email.replace("@", "+moved@");
  await page.goto("/account");
  const email = page.getByRole("region", { name: "Email" });
  await email.getByLabel("New email address").fill(newEmail);
  await email.getByLabel("Current password").fill("third-password-12");
  await email.getByRole("button", { name: "Send confirmation link" }).click();
  await expect(page.getByText(`Confirmation link sent to ${newEmail}`)).toBeVisible();
  await expect(email).toContainText(`Waiting for you to open the link sent to ${newEmail}`);
  await shot(page, "account");
  const confirm = await linkInMail(admin, newEmail, "Confirm your new email address", "/account/confirm-email");
  await page.goto(confirm);
  await page.getByRole("button", { name: `Use ${newEmail}` }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(email).toContainText(`You sign in with ${newEmail}`);
  await expect(email).not.toContainText("Waiting for you");

  // An admin's way to the same end names the same consequence (looked at, then cancelled).
  const { secret } = await generateKey(page, { name: "Doomed key", template: "Read only" });
  const me = (key: string) => admin.request.get("/api/v1/me", { headers: { authorization: `Bearer ${key}` } });
  expect((await me(secret)).status()).toBe(200);
  await admin.goto(`/admin/clients?q=${encodeURIComponent("Ada Renamed")}`);
  await admin.getByRole("link", { name: "Ada Renamed" }).click();
  await admin.getByRole("button", { name: "Delete client" }).click();
  const adminDialog = admin.getByRole("dialog", { name: "Delete Ada Renamed?" });
  await expect(adminDialog).toContainText("1 active key will stop working at once");
  await shot(admin, "admin-delete-client");
  await adminDialog.getByRole("button", { name: "Cancel" }).click();

  // Deletion: the dialog names what stops; the email typed and the password given, the person is signed out for good.
  await page.goto("/account");
  await page.getByRole("button", { name: "Delete account" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete your account?" });
  await expect(dialog).toContainText("1 active key will stop working at once");
  await shot(page, "delete-dialog");
  await dialog.getByLabel("Type your email address to confirm").fill(newEmail);
  await dialog.getByLabel("Your password").fill("third-password-12");
  await dialog.getByRole("button", { name: "Delete account" }).click();
  await expect(page).toHaveURL(/\/sign-in\?notice=account-deleted$/);
  await expect(page.getByRole("status")).toContainText("Your account was deleted.");
  await signIn(page, newEmail, "third-password-12");
  await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password." })).toBeVisible();
  await page.goto("/keys");
  await expect(page).toHaveURL(/\/sign-in/);
  expect((await me(secret)).status()).toBe(401);

  await page.context().close();
  await admin.context().close();
});
