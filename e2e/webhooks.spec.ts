import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { test, expect } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { newTestUser } from "./support/users";
import { signUpThroughForm } from "./support/sign-up";
import { keepSecret } from "./support/reveal";
import { generateKey } from "./support/keys";

// A client registers an endpoint at a real receiver (node:http in this test process, on loopback: the config allows
// it), keeps the signing secret from the one-time reveal, rolls a key, and sees the key.rolled delivery in the log;
// the receiver verifies its signature with the Standard Webhooks reference library. Then the secret is rolled, and a
// test message is signed with the new one.

test("a client's endpoint receives a signed delivery when a key is rolled, shown in its delivery log", async ({ browser }) => {
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const receiver = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      received.push({ headers: request.headers, body });
      response.writeHead(200, { "content-type": "text/plain" }).end("received by the e2e receiver");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await signUpThroughForm(page, newTestUser("Other"));
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Webhooks" }).click();
    await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();
    const add = page.getByRole("region", { name: "Add an endpoint" });
    await add.getByLabel("Endpoint URL").fill(url);
    await add.getByLabel("Description").fill("E2E receiver");
    await add.getByRole("checkbox", { name: "key.rolled" }).check();
    await add.getByRole("checkbox", { name: "webhook.disabled" }).check();
    await add.getByRole("button", { name: "Add endpoint" }).click();
    const reveal = page.getByRole("dialog", { name: "Save the signing secret" });
    const secret = await keepSecret(reveal);
    expect(secret).toMatch(/^whsec_/);
    await expect(page).toHaveURL(/\/webhooks\/[0-9a-f-]{36}$/);
    const endpointPath = new URL(page.url()).pathname;
    await expect(page.getByText("No deliveries yet")).toBeVisible();
    // The secret is nowhere on the page once the reveal closed.
    expect(await page.content()).not.toContain(secret.slice(6));

    await generateKey(page, { name: "Webhook key", template: "Read only" });
    await page.getByRole("button", { name: "Roll key…" }).click();
    await page.getByRole("dialog", { name: /^Roll/ }).getByRole("button", { name: "Roll key" }).click();
    await keepSecret(page.getByRole("dialog", { name: "Save your new key" }));

    // key.created is not among the chosen types; key.rolled is.
    const log = page.getByRole("region", { name: "Delivery log" });
    await expect(async () => {
      await page.goto(endpointPath);
      await expect(log.getByText("key.rolled", { exact: true })).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 20_000 });
    await expect(log.getByText("Succeeded")).toBeVisible();
    await expect(log.getByText("HTTP 200").first()).toBeVisible();
    await expect(log.getByText("key.created")).toHaveCount(0);
    await log.getByText("key.rolled", { exact: true }).click();
    // A reply from a non-public address (this loopback receiver, allowed by WEBHOOK_ALLOW_PRIVATE_TARGETS) is kept as
    // its status only, never its body.
    await expect(log.getByText("received by the e2e receiver")).toHaveCount(0);

    expect(received).toHaveLength(1);
    const verified = new Webhook(secret).verify(received[0].body, received[0].headers as Record<string, string>);
    expect(verified).toMatchObject({ type: "key.rolled", data: { key: { name: "Webhook key" } } });

    // A new secret: shown once, and the next message is signed with it.
    await page.getByRole("button", { name: "Roll secret" }).click();
    await page.getByRole("dialog", { name: "Roll the signing secret?" }).getByRole("button", { name: "Roll secret" }).click();
    const rolled = page.getByRole("dialog", { name: "Save the signing secret" });
    const newSecret = await keepSecret(rolled);
    expect(newSecret).not.toBe(secret);
    await page.getByRole("button", { name: "Send test message" }).click();
    await expect(page.getByText("Test message queued")).toBeVisible();
    await expect.poll(() => received.length, { timeout: 10_000 }).toBe(2);
    expect(() => new Webhook(newSecret).verify(received[1].body, received[1].headers as Record<string, string>)).not.toThrow();
    expect(() => new Webhook(secret).verify(received[1].body, received[1].headers as Record<string, string>)).toThrow();
  } finally {
    await context.close();
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
  }
});
