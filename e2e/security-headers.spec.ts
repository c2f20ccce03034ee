import { test, expect } from "@playwright/test";
import { OWNER_STATE } from "./support/users";
import { generateKey } from "./support/keys";

test.use({ storageState: OWNER_STATE });

test("pages carry the security headers and the app runs under its Content-Security-Policy", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (load|execute|apply)/i.test(message.text())) violations.push(message.text());
  });
  const response = await page.goto("/keys");
  const headers = response!.headers();
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["cache-control"]).toContain("no-store");

  // The interactive parts work under the policy: a dialog, a server action, the reveal, a client-side navigation.
  await generateKey(page, { name: "CSP key", template: "Read only" });
  await page.getByRole("link", { name: "API reference" }).click();
  await expect(page.getByRole("heading", { name: "API reference", level: 1 })).toBeVisible();
  await page.goto("/sign-in");
  expect(violations).toEqual([]);
});

test("the API answers with nosniff and no-store too", async ({ request }) => {
  const response = await request.get("/api/v1/me");
  expect(response.status()).toBe(401);
  expect(response.headers()["x-content-type-options"]).toBe("nosniff");
  expect(response.headers()["cache-control"]).toContain("no-store");
});
