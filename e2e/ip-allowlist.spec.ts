import { test, expect } from "@playwright/test";
import { OWNER_STATE } from "./support/users";
import { callMe, generateKey } from "./support/keys";

test.use({ storageState: OWNER_STATE });

test("the IP allowlist can be edited and is enforced on the next request", async ({ page, request }) => {
  const { secret } = await generateKey(page, { name: "Allowlisted key", template: "Read only" });
  const allowlist = page.getByRole("region", { name: "IP allowlist" });
  const field = allowlist.getByLabel("Allowed addresses");

  // A bad entry is refused with its own message, and nothing is saved.
  await field.fill("203.0.113.0/24\nnot-an-ip");
  await allowlist.getByRole("button", { name: "Save allowlist" }).click();
  await expect(allowlist.getByText('"not-an-ip" is not an IP address or CIDR block.')).toBeVisible();
  expect((await callMe(request, secret)).status()).toBe(200);

  // Only a range this test does not call from: refused with 403.
  await field.fill("203.0.113.0/24, 2001:db8::/32");
  await allowlist.getByRole("button", { name: "Save allowlist" }).click();
  await expect(page.getByText("IP allowlist saved")).toBeVisible();
  const refused = await callMe(request, secret);
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.code).toBe("ip_not_allowed");

  // Add this machine: accepted again. The saved list is shown in canonical form.
  await field.fill("203.0.113.0/24\n2001:db8::/32\n127.0.0.1");
  await allowlist.getByRole("button", { name: "Save allowlist" }).click();
  await expect(page.getByText("IP allowlist saved").first()).toBeVisible();
  await expect.poll(async () => (await callMe(request, secret)).status()).toBe(200);
  await page.reload();
  await expect(field).toHaveValue("203.0.113.0/24\n2001:db8::/32\n127.0.0.1/32");
  await expect(page.getByText("IP allowlist changed").first()).toBeVisible();

  // Emptied: any address again.
  await field.fill("");
  await allowlist.getByRole("button", { name: "Save allowlist" }).click();
  await expect.poll(async () => (await callMe(request, secret)).status()).toBe(200);
});
