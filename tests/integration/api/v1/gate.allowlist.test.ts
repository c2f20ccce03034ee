import { describe, expect, it } from "vitest";
import { GET as me } from "@/app/api/v1/me/route";
import { setKeyIpAllowlist } from "@/lib/keys/lifecycle";
import { callRoute } from "../../../support/api";
import { actorOf, ownerWithKey } from "../../../support/factories";

describe("IP allowlist", () => {
  it("admits addresses inside the blocks and answers 403 ip_not_allowed outside, for IPv4 and IPv6", async () => {
    const { owner, key, secret } = await ownerWithKey();
    await setKeyIpAllowlist(actorOf(owner), { keyId: key.id, accountId: owner.id }, ["203.0.113.0/24", "2001:db8::/32"]);
    expect((await callRoute(me, { path: "/me", key: secret, ip: "203.0.113.77" })).status).toBe(200);
    expect((await callRoute(me, { path: "/me", key: secret, ip: "::ffff:203.0.113.8" })).status).toBe(200);
    expect((await callRoute(me, { path: "/me", key: secret, ip: "2001:db8:1::5" })).status).toBe(200);
    const outside = await callRoute(me, { path: "/me", key: secret, ip: "198.51.100.9" });
    expect(outside.status).toBe(403);
    expect(outside.body.error.code).toBe("ip_not_allowed");
    expect((await callRoute(me, { path: "/me", key: secret, ip: "2001:db9::1" })).status).toBe(403);
  });

  it("does not believe X-Forwarded-For unless a trusted proxy is configured", async () => {
    const { owner, key, secret } = await ownerWithKey();
    await setKeyIpAllowlist(actorOf(owner), { keyId: key.id, accountId: owner.id }, ["203.0.113.0/24"]);
    const spoofed = await callRoute(me, {
      path: "/me",
      key: secret,
      headers: { "X-Forwarded-For": "203.0.113.5" },
      ip: "198.51.100.9",
    });
    expect(spoofed.status).toBe(403);
  });
});
