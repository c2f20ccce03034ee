import { expect, type Locator, type Page, test } from "@playwright/test";

// The demo is a newcomer's first look: every page that counts a key's requests must give the same figure for it
// (an earlier look found 1,192 on one page and 1,209 on another). Read as a person reads them, at both widths.

const ALICE = { email: "alice@example.com", password: "latchkey-alice-demo" };

test.use({ storageState: { cookies: [], origins: [] } });

/** The first count in a text ("6,718 98%" → 6718). */
function count(text: string | null): number {
  text ??= "";
  const match = text.match(/\d[\d,]*/);
  if (!match) throw new Error(`no count in "${text}"`);
  return Number(match[0].replaceAll(",", ""));
}

async function signIn(page: Page) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(ALICE.email);
  await page.getByLabel("Password").fill(ALICE.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/keys/);
}

/** A figure of the usage panel's tiles ("Requests", "Refused"). */
async function tile(within: Locator, label: string): Promise<number> {
  const stat = within.locator("dl > div").filter({ has: within.page().locator("dt").getByText(label, { exact: true }) });
  return count(await stat.locator("dd").textContent());
}

for (const width of [1280, 390]) {
  test(`the demo's figures agree between the keys list, each key's page and /usage (${width} px)`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await signIn(page);

    // Each demo key's requests in all, from the keys list (at 390 px the list leaves the column out: the key page's
    // "in all" is read instead, and compared with the rest all the same).
    const listed = new Map<string, { href: string; requests: number }>();
    for (const name of ["Production backend", "CI smoke tests"]) {
      const row = page.getByRole("row").filter({ hasText: name });
      const href = (await row.getByRole("link", { name }).getAttribute("href"))!;
      // The requests column is the last but the row menu's.
      const cells = await row.getByRole("cell").allTextContents();
      listed.set(name, { href, requests: width === 1280 ? count(cells[cells.length - 2]) : 0 });
    }

    for (const [name, listing] of listed) {
      await page.goto(listing.href);
      const usage = page.getByRole("region", { name: "Usage" });
      const inAll = count((await usage.getByText(/requests in all/).textContent())?.match(/[\d,]+ requests in all/)?.[0] ?? null);
      if (width === 1280) expect(inAll, `${name}: the list and the key page`).toBe(listing.requests);
      listing.requests = inAll;
      const { requests } = listing;
      expect(requests).toBeGreaterThan(500);
      expect(await tile(usage, "Requests"), `${name}: the panel's requests`).toBe(requests);
      const refused = await tile(usage, "Refused");
      const outcomes = usage.getByRole("list", { name: "Outcomes" });
      // The outcomes come under the same two figures as the tiles.
      expect(
        count(
          await outcomes
            .getByRole("listitem")
            .filter({ hasText: /^Requests/ })
            .textContent(),
        ),
      ).toBe(requests);
      const refusedGroup = outcomes.getByRole("listitem").filter({ hasText: /^Refused, not counted/ });
      expect(count(await refusedGroup.textContent())).toBe(refused);
      if (width === 390) {
        await outcomes.scrollIntoViewIfNeeded();
        await page.screenshot({ path: `test-results/demo-figures-key-${width}.png` });
      }
    }

    await page.goto("/usage");
    const total = [...listed.values()].reduce((sum, k) => sum + k.requests, 0);
    expect(await tile(page.getByRole("main"), "Requests")).toBe(total);
    const ranking = page.getByRole("region", { name: "By key" });
    for (const [name, { requests }] of listed) {
      const row = ranking.getByRole("row").filter({ hasText: name });
      expect(count(await row.getByRole("cell").nth(1).textContent()), `${name} on /usage`).toBe(requests);
    }
    await page.screenshot({ path: `test-results/demo-figures-usage-${width}.png`, fullPage: true });
  });
}
