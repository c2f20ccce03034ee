import { test, expect } from "@playwright/test";
import { OWNER_STATE } from "./support/users";
import { callMe, generateKey } from "./support/keys";

test.use({ storageState: OWNER_STATE });

test("the session cookie is HttpOnly and SameSite", async ({ page }) => {
  await page.goto("/keys");
  const session = (await page.context().cookies()).find((cookie) => cookie.name.includes("authjs.session-token"));
  expect(session).toBeDefined();
  expect(session!.httpOnly).toBe(true);
  expect(session!.sameSite).toBe("Lax");
});

test("a server action sent from another origin is refused and changes nothing", async ({ page, request }) => {
  const { secret, keyId } = await generateKey(page, { name: "Cross-site target", preset: "Read only" });
  // Capture the real revoke request the page sends, and stop it there.
  let captured: { headers: Record<string, string>; body: string } | undefined;
  await page.route(`**/keys/${keyId}`, async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    captured = { headers: route.request().headers(), body: route.request().postData() ?? "" };
    await route.abort();
  });
  await page.getByRole("button", { name: "Revoke…" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke key" }).click();
  await expect.poll(() => captured).toBeTruthy();
  const replay = (origin: string) =>
    page.request.post(`/keys/${keyId}`, {
      headers: {
        "next-action": captured!.headers["next-action"],
        "content-type": captured!.headers["content-type"],
        accept: "text/x-component",
        origin,
      },
      data: captured!.body,
    });

  // Sent as if from another site (with the victim's cookie): refused, and the key still works.
  const forged = await replay("https://evil.example");
  expect(forged.status()).toBeGreaterThanOrEqual(400);
  expect((await callMe(request, secret)).status()).toBe(200);

  // The same request from the app's own origin does revoke it: the replay itself was sound.
  const genuine = await replay(new URL(page.url()).origin);
  expect(genuine.status()).toBe(200);
  expect((await callMe(request, secret)).status()).toBe(401);
});
