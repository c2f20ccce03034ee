import ipaddr from "ipaddr.js";
import { describe, expect, it, vi } from "vitest";
import { addressAllowed } from "./outbound-address";

const none: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];

describe("addressAllowed", () => {
  it.each(["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "8.8.8.8"])("lets the public address %s through", (address) => {
    expect(addressAllowed(address, none)).toBe(true);
  });

  it.each([
    "127.0.0.1",
    "127.1.2.3",
    "::1",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "10.1.2.3",
    "172.16.0.1",
    "192.168.1.1",
    "169.254.169.254",
    "fe80::1",
    "fd00::1",
    "0.0.0.0",
    "::",
    "100.64.0.1",
    "224.0.0.1",
    "255.255.255.255",
    "64:ff9b::a00:1",
    // IPv4-compatible (::/96), IPv4-translated and NAT64 forms of loopback, link-local and private addresses, which
    // ipaddr.js calls unicast (the first two) or which a NAT64 gateway forwards.
    "::7f00:1",
    "::a9fe:a9fe",
    "::a00:1",
    "::ffff:0:7f00:1",
    "64:ff9b::7f00:1",
    "64:ff9b:1::a9fe:a9fe",
    "not an address",
  ])("refuses %s by default", (address) => {
    expect(addressAllowed(address, none)).toBe(false);
  });

  it("allows only the networks listed, or everything with 1", () => {
    const loopback = [ipaddr.parseCIDR("127.0.0.0/8"), ipaddr.parseCIDR("::1/128")];
    expect(addressAllowed("127.0.0.1", loopback)).toBe(true);
    expect(addressAllowed("::1", loopback)).toBe(true);
    expect(addressAllowed("::ffff:127.0.0.1", loopback)).toBe(true);
    expect(addressAllowed("169.254.169.254", loopback)).toBe(false);
    expect(addressAllowed("10.0.0.1", loopback)).toBe(false);
    expect(addressAllowed("10.0.0.1", "all")).toBe(true);
    // An IPv4 address in IPv6 disguise is judged as the IPv4 address it carries.
    expect(addressAllowed("::7f00:1", loopback)).toBe(true);
    expect(addressAllowed("::a9fe:a9fe", loopback)).toBe(false);
    expect(addressAllowed("64:ff9b::a9fe:a9fe", loopback)).toBe(false);
  });
});

describe("the networks each purpose may reach by default", () => {
  const cases: [string, Record<string, string | undefined>, { gateway: boolean; webhooks: boolean }][] = [
    // Webhooks: nothing private by default, whatever the database (lib/webhooks/targets.ts opens the demo receiver).
    ["the embedded demo", { DATABASE_URL: undefined, SEED_DEMO: undefined }, { gateway: true, webhooks: false }],
    ["the embedded database without the demo", { DATABASE_URL: undefined, SEED_DEMO: "0" }, { gateway: false, webhooks: false }],
    ["PostgreSQL", { DATABASE_URL: "postgres://x@127.0.0.1/db", SEED_DEMO: undefined }, { gateway: false, webhooks: false }],
    [
      "webhooks set to none on the embedded database",
      { DATABASE_URL: undefined, WEBHOOK_ALLOW_PRIVATE_TARGETS: "0" },
      { gateway: true, webhooks: false },
    ],
  ];
  it.each(cases)("%s: loopback only where allowed, link-local never", async (_, settings, loopback) => {
    const saved = { ...process.env };
    try {
      for (const name of ["DATABASE_URL", "SEED_DEMO", "GATEWAY_ALLOW_PRIVATE_UPSTREAMS", "WEBHOOK_ALLOW_PRIVATE_TARGETS"]) {
        delete process.env[name];
      }
      for (const [name, value] of Object.entries(settings)) if (value !== undefined) process.env[name] = value;
      vi.resetModules();
      const fresh = await import("./outbound-address");
      for (const purpose of ["gateway", "webhooks"] as const) {
        const allowed = fresh.allowedPrivateNetworks(purpose);
        expect({ purpose, loopback: fresh.addressAllowed("127.0.0.1", allowed) }).toEqual({
          purpose,
          loopback: loopback[purpose],
        });
        expect(fresh.addressAllowed("169.254.169.254", allowed)).toBe(false);
        expect(fresh.addressAllowed("10.0.0.1", allowed)).toBe(false);
      }
    } finally {
      process.env = saved;
      vi.resetModules();
    }
  });
});
