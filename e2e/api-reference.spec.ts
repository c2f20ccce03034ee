import { test, expect } from "@playwright/test";
import { OWNER_STATE } from "./support/users";

test.use({ storageState: OWNER_STATE });

test("the API reference renders every operation from the OpenAPI document", async ({ page, request }) => {
  const document = await (await request.get("/api/v1/openapi.json")).json();
  expect(document.openapi).toMatch(/^3\.1/);
  await page.goto("/keys");
  await page.getByRole("link", { name: "API reference" }).click();
  await expect(page).toHaveURL(/\/docs$/);
  await expect(page.getByRole("heading", { name: "API reference", level: 1 })).toBeVisible();
  for (const path of Object.keys(document.paths)) {
    await expect(page.getByText(`/api/v1${path.replace(/^\/api\/v1/, "")}`, { exact: true }).first()).toBeVisible();
  }
  // Each operation says which scope it needs and shows a ready command.
  await expect(page.getByText("keys:verify").first()).toBeVisible();
  await expect(page.getByText(/curl .*\/api\/v1\/keys/).first()).toBeVisible();
  // Everything on the page comes from the app itself.
  const external = await page.evaluate(() =>
    [...document.querySelectorAll("script[src], link[href], img[src]")]
      .map((element) => element.getAttribute("src") ?? element.getAttribute("href") ?? "")
      .filter((url) => /^https?:\/\//.test(url) && !url.startsWith(location.origin)),
  );
  expect(external).toEqual([]);
});
