import { describe, expect, it, vi } from "vitest";

// Which non-public networks a delivery may reach with WEBHOOK_ALLOW_PRIVATE_TARGETS unset: none, except the demo
// receiver's exact URL while the demo runs.
describe("networksAllowedFor", () => {
  const demo = "http://127.0.0.1:3000/demo-upstream/webhooks";
  const cases: [string, Record<string, string>, string, boolean][] = [
    ["the demo receiver on the embedded demo", {}, demo, true],
    [
      "the demo receiver with SEED_DEMO=1 on PostgreSQL",
      { DATABASE_URL: "postgres://x@127.0.0.1/db", SEED_DEMO: "1" },
      demo,
      true,
    ],
    ["the demo receiver on PostgreSQL without the demo", { DATABASE_URL: "postgres://x@127.0.0.1/db" }, demo, false],
    ["the demo receiver on the embedded database with SEED_DEMO=0", { SEED_DEMO: "0" }, demo, false],
    ["another loopback URL on the embedded demo", {}, "http://127.0.0.1:3000/hooks", false],
    ["the demo receiver's path on another port", {}, "http://127.0.0.1:3001/demo-upstream/webhooks", false],
  ];
  it.each(cases)("%s", async (_, settings, url, reachesLoopback) => {
    const saved = { ...process.env };
    try {
      for (const name of ["DATABASE_URL", "SEED_DEMO", "WEBHOOK_ALLOW_PRIVATE_TARGETS", "PORT"]) delete process.env[name];
      Object.assign(process.env, settings);
      vi.resetModules();
      const { networksAllowedFor } = await import("./targets");
      const { addressAllowed } = await import("@/lib/infra/outbound-address");
      const allowed = networksAllowedFor(url);
      expect(addressAllowed("127.0.0.1", allowed)).toBe(reachesLoopback);
      expect(addressAllowed("127.0.0.2", allowed)).toBe(false);
      expect(addressAllowed("169.254.169.254", allowed)).toBe(false);
    } finally {
      process.env = saved;
      vi.resetModules();
    }
  });
});
