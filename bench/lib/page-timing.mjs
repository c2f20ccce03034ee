// Timing signed-in pages from outside, as a browser would ask for them: a session made through the real sign-in form,
// then sequential GETs with its cookie.

export const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** Signs in through the form (Chromium) and returns the session's Cookie header. */
export async function signIn(browser, baseUrl, email, password) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/(keys|admin)/, { timeout: 60_000 });
  const cookies = await context.cookies();
  await context.close();
  return cookies.map((c) => `${c.name}=${c.value}`).join("; ");
}

/**
 * `requests` sequential GETs after `warmUps` uncounted ones (the first render of a route loads its code), each read to
 * its last byte. Answers the last status, p50 and p95 in ms, and the size of the last answer.
 */
export async function measure(url, headers, { requests, warmUps = 2 }) {
  const latencies = [];
  let status = 0;
  let bytes = 0;
  for (let i = 0; i < requests + warmUps; i++) {
    const started = performance.now();
    const response = await fetch(url, { headers, redirect: "manual" });
    bytes = (await response.arrayBuffer()).byteLength;
    status = response.status;
    if (i >= warmUps) latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);
  return { status, bytes, p50: percentile(latencies, 50), p95: percentile(latencies, 95) };
}
