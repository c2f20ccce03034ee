import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeyFor, createUser } from "../../support/factories";
import { callGateway, serviceWithRules, startUpstream } from "../../support/gateway";

// Without the setting, an upstream on a loopback, private or link-local address is never called, whatever the admin
// registered: its name is resolved, every address checked, and the call refused before a connection is made.
process.env.GATEWAY_ALLOW_PRIVATE_UPSTREAMS = "0";

let upstream: Awaited<ReturnType<typeof startUpstream>>;
beforeAll(async () => {
  upstream = await startUpstream();
});
afterAll(() => upstream?.stop());

describe("gateway: private upstream addresses", () => {
  it.each([
    "http://127.0.0.1:PORT/base",
    "http://localhost:PORT/base",
    "http://[::ffff:127.0.0.1]:PORT/base",
    "http://169.254.169.254/latest",
    "http://10.0.0.1",
  ])("refuses %s with 502 and never connects", async (baseUrl) => {
    const service = await serviceWithRules(baseUrl.replace("PORT", String(upstream.port)), [{ pathPattern: "/*" }]);
    const key = await apiKeyFor(await createUser(), ["payments:read"]);
    const before = ((await (await fetch(`${upstream.url}/calls`)).json()) as { calls: number }).calls;
    const response = await callGateway(`/gw/${service.slug}/echo/a`, { key: key.secret });
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({
      error: { code: "bad_gateway", message: "The upstream service could not be reached." },
    });
    expect(((await (await fetch(`${upstream.url}/calls`)).json()) as { calls: number }).calls).toBe(before);
  });
});
