import { test, expect, type Page } from "@playwright/test";
import { newTestUser } from "./support/users";
import { signUpThroughForm } from "./support/sign-up";
import { keepSecret } from "./support/reveal";
import { generateKey } from "./support/keys";

/** The inbox, reloaded until it shows `count` entries (events are dispatched as they commit, a moment later). */
async function inboxShows(page: Page, count: number) {
  const entries = page.getByRole("list", { name: "Notifications" }).getByRole("listitem");
  await expect(async () => {
    await page.goto("/notifications");
    await expect(entries).toHaveCount(count, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  return entries;
}

test("a client's key changes reach their inbox, are marked read, and follow the choices they make", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signUpThroughForm(page, newTestUser("Other"));
  await generateKey(page, { name: "Inbox key", template: "Read only" });
  const settings = page.getByRole("region", { name: "Settings" });
  await settings.getByLabel("Name").fill("Inbox key (renamed)");
  await settings.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Key settings saved")).toBeVisible();

  const entries = await inboxShows(page, 2);
  await expect(page.getByRole("link", { name: "Notifications, 2 unread" })).toBeVisible();
  await expect(entries.nth(0)).toContainText("Key changed");
  await expect(entries.nth(0)).toContainText("“Inbox key (renamed)”");
  await expect(entries.nth(1)).toContainText("Key created");
  await expect(entries.nth(1).getByRole("link", { name: "View key" })).toHaveAttribute("href", /\/keys\/[0-9a-f-]{36}$/);

  // Each entry's button names its entry; marked, focus moves on to the next one's rather than to nowhere.
  await entries.nth(0).getByRole("button", { name: "Mark “Key changed” read" }).click();
  await expect(page.getByRole("link", { name: "Notifications, 1 unread" })).toBeVisible();
  await expect(entries.nth(1).getByRole("button", { name: "Mark “Key created” read" })).toBeFocused();
  await page.getByRole("button", { name: "Mark all read" }).click();
  await expect(page.getByRole("link", { name: "Notifications", exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Notifications" })).toBeFocused();
  await expect(page.getByText("all read")).toBeVisible();

  // No more inbox entries for changed keys; a roll still comes through.
  await page.getByRole("link", { name: "Choose what you get" }).click();
  await page.getByRole("checkbox", { name: "Key changed in the inbox" }).uncheck();
  await page.getByRole("button", { name: "Save choices" }).click();
  await expect(page.getByText("Choices saved")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("checkbox", { name: "Key changed in the inbox" })).not.toBeChecked();
  await expect(page.getByRole("checkbox", { name: "Key expires soon by email" })).toBeChecked();

  await page.goto("/keys");
  await page.getByRole("link", { name: "Inbox key (renamed)", exact: true }).click();
  await settings.getByLabel("Name").fill("Inbox key (quiet rename)");
  await settings.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Key settings saved")).toBeVisible();
  await page.getByRole("button", { name: "Roll key…" }).click();
  const roll = page.getByRole("dialog", { name: /^Roll/ });
  await roll.getByRole("button", { name: "Roll key" }).click();
  const reveal = page.getByRole("dialog", { name: "Save your new key" });
  await keepSecret(reveal);

  const after = await inboxShows(page, 3);
  await expect(after.nth(0)).toContainText("Key rolled");
  await expect(page.getByRole("link", { name: "Notifications, 1 unread" })).toBeVisible();
  await context.close();
});
