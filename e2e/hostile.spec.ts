import { test, expect, type Page } from "@playwright/test";
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

/** Lets the page send its real revoke action for this key, captures the request and stops it there. */
async function captureRevoke(page: Page, keyId: string) {
  let captured: { headers: Record<string, string>; body: string } | undefined;
  await page.route(`**/keys/${keyId}`, async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    captured = { headers: route.request().headers(), body: route.request().postData() ?? "" };
    await route.abort();
  });
  await page.getByRole("button", { name: "Revoke…" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke key" }).click();
  await expect.poll(() => captured).toBeTruthy();
  // Replays it with the victim's session cookie and the marks (Origin, Sec-Fetch-Site) given, at `path`.
  return (marks: Record<string, string>, path = `/keys/${keyId}`) =>
    page.request.post(path, {
      headers: {
        "next-action": captured!.headers["next-action"],
        "content-type": captured!.headers["content-type"],
        accept: "text/x-component",
        ...marks,
      },
      data: captured!.body,
    });
}

test("a server action sent from another origin is refused and changes nothing", async ({ page, request }) => {
  const { secret, keyId } = await generateKey(page, { name: "Cross-site target", template: "Read only" });
  const replay = await captureRevoke(page, keyId);

  // Sent as if from another site (with the victim's cookie): refused, and the key still works.
  const forged = await replay({ origin: "https://evil.example" });
  expect(forged.status()).toBeGreaterThanOrEqual(400);
  expect((await callMe(request, secret)).status()).toBe(200);

  // The same request from the app's own origin does revoke it: the replay itself was sound.
  const genuine = await replay({ origin: new URL(page.url()).origin });
  expect(genuine.status()).toBe(200);
  expect((await callMe(request, secret)).status()).toBe(401);
});

test("a server action without Origin is refused unless the browser vouches it came from the app's own page", async ({
  page,
  request,
}) => {
  const { secret, keyId } = await generateKey(page, { name: "No-origin target", template: "Read only" });
  const replay = await captureRevoke(page, keyId);

  // Next.js lets a server action without Origin through; each of these ran and revoked the key before.
  for (const marks of [{ "sec-fetch-site": "cross-site" }, { "sec-fetch-site": "same-site" }, {}] as Record<string, string>[]) {
    const forged = await replay(marks);
    expect(forged.status(), JSON.stringify(marks)).toBe(403);
    expect(await forged.json()).toMatchObject({ error: { code: "forbidden" } });
  }
  // Next.js also runs an action posted to a path it answers with the not-found page, outside the pages.
  expect((await replay({ "sec-fetch-site": "cross-site" }, "/api/no-such-route")).status()).toBe(403);
  expect((await callMe(request, secret)).status()).toBe(200);

  // What Chromium sends from the app's own page: the action runs.
  expect((await replay({ "sec-fetch-site": "same-origin" })).status()).toBe(200);
  expect((await callMe(request, secret)).status()).toBe(401);
});

test("a dashboard download asked for with an API key is answered 401 JSON, not a redirect", async ({ playwright, baseURL }) => {
  // A script with a key and no session: not the signed-in owner this file otherwise acts as.
  const script = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const response = await script.get("/usage/export?days=7", {
    headers: { authorization: "Bearer lk_live_0000000000000000000000000000000000000000" },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(401);
  expect(await response.json()).toMatchObject({ error: { code: "unauthenticated" } });
  await script.dispose();
});
