import { randomUUID } from "node:crypto";
import { test, expect, type Browser, type Page } from "@playwright/test";
import { callMe, generateKey } from "./support/keys";
import { signUpThroughForm } from "./support/sign-up";

// Three fresh people and a fresh organisation each run, so that a retry or a second database never meets leftovers.
function newPerson(label: string) {
  const id = randomUUID().slice(0, 8);
  return { name: `${label} ${id}`, email: `${label.toLowerCase()}-${id}@e2e.test`, password: `pw-${randomUUID()}` };
}
type Person = ReturnType<typeof newPerson>;

function accountSwitcher(page: Page) {
  return page.getByRole("combobox", { name: "Account" });
}

/** The owner invites `email` from /team and returns the link, copied from its one-time reveal. */
async function invite(page: Page, email: string, role: "developer" | "viewer"): Promise<string> {
  await page.goto("/team");
  await page.getByRole("button", { name: "Invite member" }).click();
  const form = page.getByRole("dialog", { name: "Invite a member" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Role").selectOption(role);
  await form.getByRole("button", { name: "Create invitation" }).click();
  const reveal = page.getByRole("dialog", { name: "Send this invitation link" });
  await reveal.getByRole("button", { name: "Copy", exact: true }).click();
  await expect(reveal.getByRole("button", { name: "Copied" })).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
  await reveal.getByRole("button", { name: "Done" }).click();
  // Shown once: the list of open invitations names the address, never the link.
  await expect(page.getByRole("region", { name: "Open invitations" }).getByText(email)).toBeVisible();
  expect(await page.content()).not.toContain(link.split("/").at(-1));
  return link;
}

/** Opens the invitation signed out, signs in (or up) on the way, accepts, and lands on the organisation's keys. */
async function accept(browser: Browser, link: string, person: Person, organization: string, via: "sign-in" | "sign-up") {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(link);
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Finvite%2F/);
  if (via === "sign-up") {
    await page.getByRole("link", { name: "Sign up" }).click();
    await page.getByLabel("Name").fill(person.name);
  }
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: via === "sign-up" ? "Create account" : "Sign in" }).click();
  await expect(page.getByRole("heading", { name: `Join ${organization}` })).toBeVisible();
  await page.getByRole("button", { name: "Accept invitation" }).click();
  await expect(page).toHaveURL(/\/keys$/);
  await expect(accountSwitcher(page).locator("option:checked")).toHaveText(new RegExp(`^${organization} · `));
  return { page, context };
}

async function expectReadOnlyKeyPage(page: Page) {
  await expect(page.getByText("Viewers see a key's settings above")).toBeVisible();
  for (const control of ["Save changes", "Save allowlist", "Roll key…", "Revoke…", "Delete…"]) {
    await expect(page.getByRole("button", { name: control })).toHaveCount(0);
  }
}

test("an organisation's owner invites a developer and a viewer; roles bound what each may do", async ({
  page,
  browser,
  request,
}) => {
  const owner = newPerson("Owner");
  const developer = newPerson("Developer");
  const viewer = newPerson("Viewer");
  const organization = `Org ${randomUUID().slice(0, 8)}`;

  // The owner keeps one key in their personal account, then creates the organisation, which becomes current.
  await signUpThroughForm(page, owner);
  await generateKey(page, { name: "Personal key", template: "Read only" });
  await page.goto("/team");
  await page.getByLabel("Organisation name").fill(organization);
  await page.getByRole("button", { name: "Create organisation" }).click();
  await expect(page.getByText(`${organization} created; you are its owner.`)).toBeVisible();
  await expect(accountSwitcher(page).locator("option:checked")).toHaveText(`${organization} · Owner`);

  // The developer already has an account: they sign in on the way to the invitation.
  const signUp = await browser.newContext();
  await signUpThroughForm(await signUp.newPage(), developer);
  await signUp.close();
  const developerLink = await invite(page, developer.email, "developer");
  const dev = await accept(browser, developerLink, developer, organization, "sign-in");

  const { secret, keyId } = await generateKey(dev.page, { name: "Team key", template: "Read only" });
  expect(await dev.page.content()).not.toContain(secret);
  expect((await (await callMe(request, secret)).json()).account.name).toBe(organization);

  // The viewer has no account yet: they sign up on the way, and may look but not touch.
  const viewerLink = await invite(page, viewer.email, "viewer");
  const view = await accept(browser, viewerLink, viewer, organization, "sign-up");
  await expect(view.page.getByRole("link", { name: "Team key", exact: true })).toBeVisible();
  await expect(view.page.getByRole("button", { name: /Generate/ })).toHaveCount(0);
  await view.page.getByRole("link", { name: "Team key", exact: true }).click();
  await expect(view.page.getByRole("heading", { name: "Team key" })).toBeVisible();
  await expectReadOnlyKeyPage(view.page);
  await view.context.close();

  // The owner makes the developer a viewer: the developer's next page load is read-only.
  await page.goto("/team");
  await page.getByRole("combobox", { name: `Role of ${developer.name}` }).selectOption("viewer");
  await expect(page.getByText(`${developer.name} is now viewer.`)).toBeVisible();
  await dev.page.goto(`/keys/${keyId}`);
  await expectReadOnlyKeyPage(dev.page);
  await dev.context.close();

  // The header's switcher goes back to the owner's personal account and its own keys.
  await page.goto("/keys");
  await expect(page.getByRole("link", { name: "Team key", exact: true })).toBeVisible();
  await accountSwitcher(page).selectOption({ label: `${owner.name} · Owner` });
  await expect(page.getByRole("link", { name: "Personal key", exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "Team key", exact: true })).toHaveCount(0);
  await expect(accountSwitcher(page).locator("option:checked")).toHaveText(`${owner.name} · Owner`);
});
