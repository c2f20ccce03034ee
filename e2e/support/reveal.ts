import { expect, type Locator } from "@playwright/test";

/**
 * Keeps a one-time secret the way a careful user does: Copy, then the dialog's done button (closing before copying
 * asks first). Answers the secret shown.
 */
export async function keepSecret(reveal: Locator): Promise<string> {
  await expect(reveal).toBeVisible();
  const secret = await reveal.getByRole("textbox").inputValue();
  await reveal.getByRole("button", { name: "Copy", exact: true }).click();
  await expect(reveal.getByRole("button", { name: "Copied" })).toBeVisible();
  await reveal.getByRole("button", { name: /^(I have saved|Done$)/ }).click();
  await expect(reveal).toBeHidden();
  return secret;
}
