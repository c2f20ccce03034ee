import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { findUserByEmail } from "@/db/queries/users";
import { GET as me } from "@/app/api/v1/me/route";
import { env } from "@/lib/infra/env";
import { callRoute } from "../support/api";
import { apiKeyFor, createUser } from "../support/factories";
import { fromAddress } from "../support/request-headers";
import { scryptProbe } from "../support/scrypt-probe";

// As in sign-up-throttle.test.ts: the request's headers, Auth.js's signIn (its second hash left out, so that each
// sign-up costs exactly one derivation), and every scrypt call counted where it happens. Hashing runs at full cost.
vi.mock("next/headers", async () => {
  const { requestHeaders } = await import("../support/request-headers");
  return { headers: vi.fn(async () => requestHeaders.getStore() ?? new Headers()) };
});
vi.mock("@/auth", () => ({ auth: vi.fn(async () => null), signIn: vi.fn(async () => undefined) }));
vi.mock("next-auth", async () => ({ AuthError: (await import("@auth/core/errors")).AuthError }));
vi.mock("node:crypto", async (importOriginal) => {
  const { probedCrypto } = await import("../support/scrypt-probe");
  return probedCrypto(await importOriginal());
});

const { signUpAction } = await import("@/app/(auth)/actions");

const FLOOD = 200;
const API_CALLS = 20;
const BUSY = { ok: false, error: "The service is busy; try again in a moment." };

function signUpForm(email: string, password: string) {
  const form = new FormData();
  for (const [name, value] of Object.entries({ name: "Flood", email, password })) form.append(name, value);
  return form;
}

describe("a flood of sign-ups", () => {
  it("hashes no more than the bound at once, refuses the excess as busy, and the API keeps answering", async () => {
    const owner = await createUser();
    const { secret } = await apiKeyFor(owner, ["keys:read"]);
    const bound = env().PASSWORD_HASH_CONCURRENCY;

    // 200 visitors, each from an address of its own, so that the per-address limit lets every one through to hashing.
    const visitors = Array.from({ length: FLOOD }, (_, i) => ({
      email: `flood-${randomUUID().slice(0, 8)}-${i}@test.latchkey.local`,
      password: `flood password ${i}`,
      // A /64 each: addresses within one /64 share a sign-up allowance.
      ip: `2001:db8:${(0xf100 + i).toString(16)}::1`,
    }));
    let signUpsDone = 0;
    const flood = visitors.map((v) =>
      fromAddress(v.ip, () => signUpAction(null, signUpForm(v.email, v.password))).finally(() => signUpsDone++),
    );
    const results = Promise.all(flood);

    // Once hashing has begun, call the API one request after another, noting how far the flood had got each time.
    await vi.waitFor(() => expect(scryptProbe.inFlight).toBeGreaterThan(0));
    const answers: { status: number; signUpsDoneBefore: number }[] = [];
    for (let i = 0; i < API_CALLS; i++) {
      const { status } = await callRoute(me, { path: "/me", key: secret, ip: "198.51.100.80" });
      answers.push({ status, signUpsDoneBefore: signUpsDone });
    }
    const outcomes = await results;

    // Every API request succeeded, and the last one was answered while sign-ups were still in progress.
    expect(answers.map((a) => a.status)).toEqual(Array(API_CALLS).fill(200));
    expect(answers.at(-1)!.signUpsDoneBefore).toBeLessThan(FLOOD);

    // Never more derivations at once than the bound; each one was a sign-up that then succeeded.
    expect(scryptProbe.peak).toBe(bound);
    const succeeded = visitors.filter((_, i) => outcomes[i].ok);
    expect(scryptProbe.order).toHaveLength(succeeded.length);

    // The rest were refused as busy, at least all those beyond the 100 allowed to wait; none failed otherwise.
    const refused = visitors.filter((_, i) => !outcomes[i].ok);
    expect(outcomes.filter((o) => !o.ok)).toEqual(Array(refused.length).fill(BUSY));
    expect(succeeded.length).toBeGreaterThanOrEqual(bound);
    expect(refused.length).toBeGreaterThanOrEqual(FLOOD - bound - 100);

    // An account exists for each success and for nothing else.
    const rows = await Promise.all(visitors.map((v) => findUserByEmail(v.email)));
    expect(visitors.filter((_, i) => rows[i]).map((v) => v.email)).toEqual(succeeded.map((v) => v.email));
  }, 90_000);
});
