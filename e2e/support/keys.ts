import { expect, type APIRequestContext, type Locator, type Page } from "@playwright/test";
import { keepSecret } from "./reveal";

export interface KeyOptions {
  name: string;
  scopes?: string[];
  /** A template to start from: the two every install has (made from the presets the form had before templates). */
  template?: "Read only" | "Full access";
}

/** Chooses a template in the generate form's "Start from a template", by its name (a note may follow it). */
export async function chooseTemplate(dialog: Locator, name: string) {
  const select = dialog.getByLabel("Start from a template");
  const value = await select.locator("option", { hasText: name }).first().getAttribute("value");
  await select.selectOption(value ?? "");
}

/** Generates a key through the dialog and returns its secret, read from the one-time reveal. */
export async function generateKey(page: Page, options: KeyOptions): Promise<{ secret: string; keyId: string }> {
  await page.goto("/keys");
  await page.getByRole("button", { name: /Generate (key|your first key)/ }).click();
  const dialog = page.getByRole("dialog", { name: "Generate a new API key" });
  await dialog.getByLabel("Name").fill(options.name);
  if (options.template) await chooseTemplate(dialog, options.template);
  for (const scope of options.scopes ?? []) await dialog.getByRole("checkbox", { name: new RegExp(`^${scope}`) }).check();
  await dialog.getByRole("button", { name: "Generate key" }).click();
  const reveal = page.getByRole("dialog", { name: "Save your new key" });
  const secret = await keepSecret(reveal);
  expect(secret).toMatch(/^lk_live_[0-9A-Za-z]{38}$/);
  await page.getByRole("link", { name: options.name, exact: true }).click();
  await expect(page).toHaveURL(/\/keys\/[0-9a-f-]{36}$/);
  const keyId = page.url().split("/").at(-1)!;
  return { secret, keyId };
}

export async function callMe(request: APIRequestContext, secret: string, header: "bearer" | "x-api-key" = "bearer") {
  const headers: Record<string, string> = header === "bearer" ? { Authorization: `Bearer ${secret}` } : { "X-API-Key": secret };
  return request.get("/api/v1/me", { headers });
}
