import { afterEach, describe, expect, it, vi } from "vitest";

// env() caches what it parsed, so each case loads fresh copies of the modules.
async function clientIpWith(trustProxy: string | undefined) {
  vi.stubEnv("TRUST_PROXY", trustProxy);
  vi.resetModules();
  return (await import("@/lib/http/client-ip")).clientIp;
}

const request = (socket: string, forwardedFor?: string) =>
  new Headers({ "x-latchkey-socket-ip": socket, ...(forwardedFor !== undefined && { "x-forwarded-for": forwardedFor }) });

describe("clientIp", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("takes the socket's address and ignores X-Forwarded-For when no proxy is trusted", async () => {
    const clientIp = await clientIpWith(undefined);
    expect(clientIp(request("198.51.100.9"))).toBe("198.51.100.9");
    expect(clientIp(request("198.51.100.9", "203.0.113.66"))).toBe("198.51.100.9");
    expect(clientIp(request("::ffff:198.51.100.9", "203.0.113.66, 10.0.0.2"))).toBe("198.51.100.9");
  });

  it("behind N trusted proxies, takes the address the outermost one saw", async () => {
    const oneProxy = await clientIpWith("1");
    // The proxy appended what it saw; anything before that is the client's own claim.
    expect(oneProxy(request("10.0.0.1", "203.0.113.66, 192.0.2.44"))).toBe("192.0.2.44");
    expect(oneProxy(request("10.0.0.1"))).toBe("10.0.0.1");
    const twoProxies = await clientIpWith("2");
    expect(twoProxies(request("10.0.0.1", "203.0.113.66, 192.0.2.44, 10.0.0.2"))).toBe("192.0.2.44");
  });

  it("answers null for an address it cannot parse", async () => {
    const oneProxy = await clientIpWith("1");
    expect(oneProxy(request("10.0.0.1", "not an address"))).toBeNull();
  });
});
