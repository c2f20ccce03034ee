import { randomUUID } from "node:crypto";
import { test, expect, type Browser, type Page } from "@playwright/test";
import { callMe } from "./support/keys";
import { keepSecret } from "./support/reveal";
import { signUpThroughForm } from "./support/sign-up";

const ADMIN = { email: "admin@latchkey.local", password: "latchkey-admin-demo" };

/** A fresh client signed up through the real form, so that nothing here touches the other specs' users. */
async function signUpClient(browser: Browser, label: string) {
  const id = randomUUID().slice(0, 8);
  const client = { name: `${label} ${id}`, email: `${label.toLowerCase()}-${id}@e2e.test`, password: `pw-${randomUUID()}` };
  const context = await browser.newContext();
  const page = await context.newPage();
  await signUpThroughForm(page, client);
  return { ...client, page, context };
}

async function signInAdmin(page: Page) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // An admin starts on the platform's overview, not their own keys.
  await expect(page).toHaveURL(/\/admin$/);
}

async function openClient(page: Page, email: string, name: string) {
  await page.goto("/admin/clients");
  await page.getByRole("searchbox", { name: "Search clients" }).fill(email);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("row")).toHaveCount(2);
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
}

test("an admin finds a client, creates a key for them, suspends and reactivates them", async ({ page, browser, request }) => {
  const client = await signUpClient(browser, "Client");
  await client.context.close();
  await signInAdmin(page);
  await openClient(page, client.email, client.name);

  await page.getByRole("button", { name: "Create key for client" }).click();
  const dialog = page.getByRole("dialog", { name: "Generate a new API key" });
  await dialog.getByLabel("Name").fill("Made by the admin");
  await dialog.getByRole("checkbox", { name: /^keys:read/ }).check();
  await dialog.getByRole("button", { name: "Generate key" }).click();
  const reveal = page.getByRole("dialog", { name: "Save your new key" });
  const secret = await keepSecret(reveal);
  expect(secret).toMatch(/^lk_live_/);
  await expect(page.getByRole("link", { name: "Made by the admin" })).toBeVisible();
  expect(await page.content()).not.toContain(secret);

  const me = await callMe(request, secret);
  expect(me.status()).toBe(200);
  expect((await me.json()).account.name).toBe(client.name);

  // The confirmation names what stops: the client's one key and its one member.
  await page.getByRole("button", { name: "Suspend client…" }).click();
  const suspend = page.getByRole("dialog", { name: `Suspend ${client.name}?` });
  await expect(suspend).toContainText("Its 1 active key will stop working at once, and its 1 member loses access to it");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: test.info().outputPath("suspend-390.png") });
  await page.setViewportSize({ width: 1280, height: 800 });
  await suspend.getByRole("button", { name: "Suspend client" }).click();
  await expect(page.getByText("Client suspended")).toBeVisible();
  expect((await callMe(request, secret)).status()).toBe(401);

  // Signing in to a suspended account says so, not "wrong password".
  const signingIn = await browser.newContext();
  const clientPage = await signingIn.newPage();
  await clientPage.goto("/sign-in");
  await clientPage.getByLabel("Email").fill(client.email);
  await clientPage.getByLabel("Password").fill(client.password);
  await clientPage.getByRole("button", { name: "Sign in" }).click();
  await expect(clientPage.getByRole("main").getByRole("alert")).toContainText("Your account is suspended");
  await signingIn.close();

  await page.getByRole("button", { name: "Reactivate client" }).click();
  await expect(page.getByText("Client reactivated")).toBeVisible();
  expect((await callMe(request, secret)).status()).toBe(200);
});

test("a client moved to the none plan sees the locked state", async ({ page, browser }) => {
  const client = await signUpClient(browser, "Locked");
  await signInAdmin(page);
  await openClient(page, client.email, client.name);
  await page.getByRole("combobox", { name: "Plan" }).selectOption("none");
  // A downgrade asks first, saying what it takes away.
  await page.getByRole("button", { name: "Change plan…" }).click();
  const move = page.getByRole("dialog", { name: `Move ${client.name} to the none plan?` });
  await expect(move).toContainText("loses API access");
  await move.getByRole("button", { name: "Move to none" }).click();
  await expect(page.getByText("Plan changed")).toBeVisible();

  await client.page.goto("/keys");
  await expect(client.page.getByRole("heading", { name: "No API access" })).toBeVisible();
  await expect(client.page.getByText("Ask your administrator to choose a plan for you.")).toBeVisible();
  await expect(client.page.getByRole("button", { name: /Generate/ })).toHaveCount(0);
  await client.context.close();
});

test("a client cannot reach the admin area", async ({ browser }) => {
  const client = await signUpClient(browser, "Nosy");
  await client.page.goto("/admin/clients");
  await expect(client.page).toHaveURL(/\/keys$/);
  await client.context.close();
});
