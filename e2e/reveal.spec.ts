import { test, expect, type Page } from "@playwright/test";
import { ownClientPage } from "./support/sign-up";
import { chooseTemplate } from "./support/keys";

// The one-time reveal cannot be lost by accident: focus on Copy, closing before copying asks, leaving the page warns,
// and one form makes one key however fast it is submitted. A user of its own, so that its keys count for nobody else
// (five: the basic plan's limit).

test.describe.configure({ mode: "serial" });

let page: Page;

test.beforeAll(async ({ browser }) => {
  page = await ownClientPage(browser);
});

test.afterAll(() => page.context().close());

async function openGenerate(name: string) {
  await page.goto("/keys");
  await page.getByRole("button", { name: /Generate (key|your first key)/ }).click();
  const dialog = page.getByRole("dialog", { name: "Generate a new API key" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("checkbox", { name: /^keys:read/ }).check();
  return dialog;
}

const reveal = () => page.getByRole("dialog", { name: "Save your new key" });
const keyRows = (name: string) => page.getByRole("link", { name, exact: true });

test("the form offers what the basic plan allows: other scopes disabled with the reason, the plan's rate limit", async () => {
  const dialog = await openGenerate("Plan aware");
  const scopes = dialog.getByRole("group", { name: "Scopes" });
  const writePayments = scopes.getByRole("checkbox", { name: /^payments:write/ });
  await expect(writePayments).toBeDisabled();
  await expect(scopes.getByText("Not on the basic plan").first()).toBeVisible();
  await chooseTemplate(dialog, "Full access");
  // The template asks for every scope; the form holds the plan's and says what it left out.
  await expect(dialog.getByRole("status").filter({ hasText: "asks for more than the basic plan allows" })).toContainText(
    "(not on the basic plan)",
  );
  await expect(dialog.getByLabel("Name")).toHaveValue("Plan aware");
  await expect(writePayments).not.toBeChecked();
  await expect(scopes.getByRole("checkbox", { name: /^payments:read/ })).toBeChecked();
  await expect(dialog.getByText("Between 1 and 600 requests (the basic plan's limit).")).toBeVisible();
  await dialog.getByLabel("Per", { exact: true }).selectOption("hour");
  await expect(dialog.getByText("Between 1 and 36,000 requests (the basic plan's limit).")).toBeVisible();
  await page.setViewportSize({ width: 390, height: 844 });
  await scopes.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath("plan-aware-390.png") });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: test.info().outputPath("plan-aware-1280.png") });
  await page.keyboard.press("Escape");
});

test("Enter, then Enter again, copies the key instead of closing it: focus starts on Copy", async () => {
  const dialog = await openGenerate("Enter twice");
  await dialog.getByLabel("Name").press("Enter");
  await expect(reveal().getByRole("button", { name: "Copy", exact: true })).toBeFocused();
  const secret = await reveal().getByLabel("API key").inputValue();
  await page.keyboard.press("Enter");
  await expect(reveal().getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  await reveal().getByRole("button", { name: "I have saved my key" }).click();
  await expect(reveal()).toBeHidden();
  await expect(keyRows("Enter twice")).toBeVisible();
});

test("closing before copying asks first, by the close button, Escape or the done button", async () => {
  const dialog = await openGenerate("Not yet copied");
  await dialog.getByRole("button", { name: "Generate key" }).click();
  const question = reveal().getByRole("alertdialog", { name: "Close without copying the key?" });
  for (const close of [
    () => reveal().getByRole("button", { name: "Close", exact: true }).click(),
    () => page.keyboard.press("Escape"),
    () => reveal().getByRole("button", { name: "I have saved my key" }).click(),
  ]) {
    await close();
    await expect(question).toBeVisible();
    await expect(question).toContainText("It cannot be shown again: you would have to roll the key.");
    await expect(question.getByRole("button", { name: "Stay and copy it" })).toBeFocused();
    await question.getByRole("button", { name: "Stay and copy it" }).click();
    await expect(question).toBeHidden();
    await expect(reveal().getByLabel("API key")).toHaveValue(/^lk_live_/);
  }
  await page.setViewportSize({ width: 390, height: 844 });
  await reveal().getByRole("button", { name: "Close", exact: true }).click();
  await page.screenshot({ path: test.info().outputPath("reveal-question-390.png") });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: test.info().outputPath("reveal-question-1280.png") });
  await question.getByRole("button", { name: "Close without it" }).click();
  await expect(reveal()).toBeHidden();
  await expect(keyRows("Not yet copied")).toBeVisible();
});

test("copying by hand counts: selecting the key and copying it lets the dialog close without asking", async () => {
  const dialog = await openGenerate("Copied by hand");
  await dialog.getByRole("button", { name: "Generate key" }).click();
  await reveal().getByLabel("API key").focus();
  await page.keyboard.press("ControlOrMeta+c");
  await reveal().getByRole("button", { name: "Close", exact: true }).click();
  await expect(reveal()).toBeHidden();
});

test("reload or Back while the key is shown asks first; staying keeps the key, leaving goes back", async () => {
  await page.goto("/usage");
  const dialog = await openGenerate("Leave guard");
  await dialog.getByRole("button", { name: "Generate key" }).click();
  const secret = await reveal().getByLabel("API key").inputValue();

  // Reload: the browser's own question.
  const asked = page.waitForEvent("dialog");
  // Not awaited: the reload waits on the question, which is answered below.
  void page.evaluate(() => window.location.reload());
  const browserQuestion = await asked;
  expect(browserQuestion.type()).toBe("beforeunload");
  await browserQuestion.dismiss();
  await expect(reveal().getByLabel("API key")).toHaveValue(secret);

  // Back: the page's question, on the same page.
  await page.goBack();
  const question = reveal().getByRole("alertdialog", { name: "Leave this page without copying the key?" });
  await expect(question).toBeVisible();
  await expect(page).toHaveURL(/\/keys$/);
  await expect(reveal().getByLabel("API key")).toHaveValue(secret);
  await question.getByRole("button", { name: "Stay and copy it" }).click();
  await page.goBack();
  await question.getByRole("button", { name: "Leave without it" }).click();
  await expect(page).toHaveURL(/\/usage$/);
  // Nothing of the secret came along.
  expect(await page.content()).not.toContain(secret);
});

test("three clicks in the same instant make one key", async () => {
  const dialog = await openGenerate("Clicked thrice");
  await dialog.getByRole("button", { name: "Generate key" }).evaluate((button: HTMLButtonElement) => {
    button.click();
    button.click();
    button.click();
  });
  await expect(reveal().getByLabel("API key")).toHaveValue(/^lk_live_/);
  await reveal().getByRole("button", { name: "Copy", exact: true }).click();
  await reveal().getByRole("button", { name: "I have saved my key" }).click();
  await expect(keyRows("Clicked thrice")).toHaveCount(1);
  await page.reload();
  await expect(keyRows("Clicked thrice")).toHaveCount(1);
});

test("at the plan's five keys, Generate is disabled and says what to do next", async () => {
  await page.goto("/keys");
  await expect(page.getByText("5 of 5 active keys on the basic plan")).toBeVisible();
  const generate = page.getByRole("button", { name: "Generate key" });
  await expect(generate).toBeDisabled();
  await expect(page.getByText("All 5 active keys of the basic plan are in use.")).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("key-limit-1280.png") });
  await page.getByRole("link", { name: "ask for a bigger plan" }).click();
  await expect(page).toHaveURL(/\/team#card-plan$/);
  await expect(page.getByRole("region", { name: "Plan" })).toBeVisible();
});
