import { and, eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { leakReports, notificationPreferences, notifications } from "@/db/schema";
import { dispatchEvents } from "@/lib/events/dispatch";
import { hashKey } from "@/lib/keys/hash";
import { createKey, revokeKey, rollKey } from "@/lib/keys/lifecycle";
import { verifyKey } from "@/lib/keys/verify";
import { setLeakPolicy } from "@/lib/leaks/policy";
import { MAX_TOKENS_PER_REPORT } from "@/lib/validations/leaks";
import { actorOf, adminActorOf, createKeyInput, createUser, ownerWithKey } from "../support/factories";
import { auditEventsForKey, deniedAttempts, rowCountsFor, webhookRowCountsFor } from "../support/inspect";
import { callRoute } from "../support/api";
import {
  eventsOfKey,
  found,
  freshIp,
  GITHUB_KEY_ID,
  githubKeyDocument,
  keyRow,
  OTHER_KEY_ID,
  reportsOfKey,
  secretRow,
  signature,
} from "../support/leak-reports";

process.env.GITHUB_SCANNING_KEYS = githubKeyDocument();
process.env.LEAK_REPORT_LIMIT_PER_MINUTE = "40";
const { POST: githubRoute } = await import("@/app/api/leaks/github/route");
const { GET: getMe } = await import("@/app/api/v1/me/route");
const { POST: createKeyRoute } = await import("@/app/api/v1/keys/route");
const { POST: rollKeyRoute } = await import("@/app/api/v1/keys/[id]/roll/route");
const { POST: createWebhookRoute } = await import("@/app/api/v1/webhooks/route");

interface SendOptions {
  keyId?: string | null;
  sign?: "github" | "forger" | "other" | "none";
  /** A signature of other bytes than those sent. */
  signedBody?: string;
  ip?: string;
  headers?: Record<string, string>;
}

async function send(body: unknown, options: SendOptions = {}) {
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "x-forwarded-for": options.ip ?? freshIp(),
  };
  if (options.keyId !== null) headers["github-public-key-identifier"] = options.keyId ?? GITHUB_KEY_ID;
  if (options.sign !== "none") {
    headers["github-public-key-signature"] = signature(options.signedBody ?? raw, options.sign ?? "github");
  }
  Object.assign(headers, options.headers);
  const response = await githubRoute(
    new NextRequest("http://localhost/api/leaks/github", { method: "POST", body: raw, headers }),
  );
  return { status: response.status, headers: response.headers, body: (await response.json()) as unknown };
}

async function dispatchAll() {
  while ((await dispatchEvents()) > 0) {
    // until nothing waits
  }
}

async function useRevokePolicy() {
  const admin = await createUser({ role: "admin" });
  await setLeakPolicy(adminActorOf(admin), { action: "revoke", graceMinutes: 15 });
}

describe("POST /api/leaks/github: GitHub's secret-scanning partner format", () => {
  it("revokes a real key, answers true_positive by the token's hash, and tells the owner", async () => {
    await useRevokePolicy();
    const { owner, key, secret } = await ownerWithKey();
    const { status, body } = await send([found(secret)]);
    expect(status).toBe(200);
    expect(body).toEqual([{ token_hash: hashKey(secret), token_type: "latchkey_api_key", label: "true_positive" }]);
    expect(JSON.stringify(body)).not.toContain(secret);

    expect((await keyRow(key.id)).revokedAt).toBeInstanceOf(Date);
    expect((await verifyKey(secret)).valid).toBe(false);
    const audit = await auditEventsForKey(key.id);
    const revoke = audit.find((row) => row.action === "key.revoke");
    expect(revoke?.actorUserId).toBeNull();
    expect(revoke?.userAgent).toBe("leak report (github)");
    expect(revoke?.changes?.leakReport?.to).toMatchObject({ via: "github", url: found(secret).url, source: "content" });
    expect(JSON.stringify(audit)).not.toContain(secret);

    const leaked = (await eventsOfKey(key.id)).filter((event) => event.type === "key.leaked");
    expect(leaked).toHaveLength(1);
    expect(leaked[0].data).toMatchObject({
      action: "revoked",
      key: { id: key.id, start: key.start },
      found: { via: "github", url: found(secret).url, secretStart: key.start },
    });
    expect((await eventsOfKey(key.id)).map((event) => event.type)).toContain("key.revoked");

    const [logged] = await reportsOfKey(key.id);
    expect(logged).toMatchObject({ via: "github", outcome: "revoked", accountId: owner.id, foundIn: "content" });
  });

  it("is idempotent: the same key reported twice (and twice in one report) is revoked once, with one event", async () => {
    await useRevokePolicy();
    const { key, secret } = await ownerWithKey();
    const first = await send([found(secret), found(secret)]);
    const second = await send([found(secret)]);
    expect((first.body as { label: string }[]).map((entry) => entry.label)).toEqual(["true_positive", "true_positive"]);
    expect(second.body).toEqual([{ token_hash: hashKey(secret), token_type: "latchkey_api_key", label: "true_positive" }]);
    expect((await auditEventsForKey(key.id)).filter((row) => row.action === "key.revoke")).toHaveLength(1);
    const types = (await eventsOfKey(key.id)).map((event) => event.type);
    expect(types.filter((type) => type === "key.leaked")).toHaveLength(1);
    expect(types.filter((type) => type === "key.revoked")).toHaveLength(1);
    expect((await reportsOfKey(key.id)).map((row) => row.outcome).sort()).toEqual([
      "already_handled",
      "already_handled",
      "revoked",
    ]);
  });

  it("handles two reports of one key at once: one revoke", async () => {
    await useRevokePolicy();
    const { key, secret } = await ownerWithKey();
    const answers = await Promise.all([send([found(secret)]), send([found(secret)]), send([found(secret)])]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect((await auditEventsForKey(key.id)).filter((row) => row.action === "key.revoke")).toHaveLength(1);
    expect((await eventsOfKey(key.id)).filter((event) => event.type === "key.leaked")).toHaveLength(1);
  });

  it("rolls with a short grace when the policy says so; the owner's own roll cannot lengthen the leaked secret's life", async () => {
    const admin = await createUser({ role: "admin" });
    await setLeakPolicy(adminActorOf(admin), { action: "roll", graceMinutes: 10 });
    const { owner, key, secret } = await ownerWithKey();
    const before = Date.now();
    const { body } = await send([found(secret)]);
    expect(body).toEqual([{ token_hash: hashKey(secret), token_type: "latchkey_api_key", label: "true_positive" }]);

    const row = await keyRow(key.id);
    expect(row.revokedAt).toBeNull();
    expect(row.start).not.toBe(key.start);
    const leakedEnd = (await secretRow(secret)).expiresAt as Date;
    expect(leakedEnd.getTime()).toBeGreaterThan(before + 9 * 60_000);
    expect(leakedEnd.getTime()).toBeLessThan(Date.now() + 10 * 60_000 + 5_000);
    // Still working within the grace; after it, refused.
    expect((await verifyKey(secret)).valid).toBe(true);
    expect((await verifyKey(secret, new Date(leakedEnd.getTime() + 1000))).valid).toBe(false);

    const leaked = (await eventsOfKey(key.id)).find((event) => event.type === "key.leaked");
    expect(leaked?.data).toMatchObject({ action: "rolled", leakedSecretEndsAt: leakedEnd.toISOString() });
    expect((await auditEventsForKey(key.id)).map((audit) => audit.action)).toContain("key.roll");

    // The owner rolls to get a secret they can use, with the longest grace on offer: the leaked one still ends then.
    const { secret: usable } = await rollKey(actorOf(owner), { keyId: key.id, accountId: owner.id }, "7d");
    expect(((await secretRow(secret)).expiresAt as Date).getTime()).toBe(leakedEnd.getTime());
    expect((await verifyKey(usable)).valid).toBe(true);

    // Reported again: answered, not rolled again.
    await send([found(secret)]);
    expect((await auditEventsForKey(key.id)).filter((audit) => audit.action === "key.roll")).toHaveLength(2);
    expect((await eventsOfKey(key.id)).filter((event) => event.type === "key.leaked")).toHaveLength(1);
    await useRevokePolicy();
  });

  it("under the roll policy, ends only an old secret still in its grace; the owner's current secret keeps working", async () => {
    const admin = await createUser({ role: "admin" });
    await setLeakPolicy(adminActorOf(admin), { action: "roll", graceMinutes: 10 });
    const { owner, key, secret: old } = await ownerWithKey();
    const ref = { keyId: key.id, accountId: owner.id };
    const { secret: current, key: rolled } = await rollKey(actorOf(owner), ref, "7d");
    const { body } = await send([found(old)]);
    expect(body).toEqual([{ token_hash: hashKey(old), token_type: "latchkey_api_key", label: "true_positive" }]);

    const oldEnd = (await secretRow(old)).expiresAt as Date;
    expect(oldEnd.getTime()).toBeLessThan(Date.now() + 10 * 60_000 + 5_000);
    expect((await secretRow(current)).expiresAt).toBeNull();
    expect((await keyRow(key.id)).start).toBe(rolled.start);
    expect((await verifyKey(current, new Date(Date.now() + 60 * 60_000))).valid).toBe(true);
    expect((await verifyKey(old, new Date(oldEnd.getTime() + 1000))).valid).toBe(false);

    const actions = (await auditEventsForKey(key.id)).map((row) => row.action);
    expect(actions.filter((action) => action === "key.roll")).toHaveLength(1); // the owner's own
    expect(actions).toContain("key.end_secret");
    const leaked = (await eventsOfKey(key.id)).filter((event) => event.type === "key.leaked");
    expect(leaked.map((event) => event.data.action)).toEqual(["secret_ended"]);
    expect((await reportsOfKey(key.id)).map((row) => row.outcome)).toEqual(["secret_ended"]);

    await send([found(old)]);
    expect((await eventsOfKey(key.id)).filter((event) => event.type === "key.leaked")).toHaveLength(1);
    expect((await reportsOfKey(key.id)).map((row) => row.outcome).sort()).toEqual(["already_handled", "secret_ended"]);
    await useRevokePolicy();
  });

  it("under the roll policy, the leaked secret still reads in its grace but can mint no key nor webhook (403 retiring_secret)", async () => {
    const admin = await createUser({ role: "admin" });
    await setLeakPolicy(adminActorOf(admin), { action: "roll", graceMinutes: 10 });
    const { owner, key, secret } = await ownerWithKey({
      scopes: ["keys:read", "keys:write", "webhooks:manage", "payments:read"],
    });
    await send([found(secret)]);
    expect((await verifyKey(secret)).valid).toBe(true);

    expect((await callRoute(getMe, { path: "/me", key: secret })).status).toBe(200);
    const before = { ...(await rowCountsFor({ accountId: owner.id })), ...(await webhookRowCountsFor(owner.id)) };
    const minted = await callRoute(createKeyRoute, {
      method: "POST",
      path: "/keys",
      key: secret,
      body: { name: "Never expires", scopes: ["keys:write", "webhooks:manage"], environment: "live", rateLimit: 60 },
    });
    expect({ status: minted.status, code: minted.body.error?.code }).toEqual({ status: 403, code: "retiring_secret" });
    expect(JSON.stringify(minted.body)).not.toContain("lk_");
    const rolled = await callRoute(rollKeyRoute, {
      method: "POST",
      path: `/keys/${key.id}/roll`,
      params: { id: key.id },
      key: secret,
      body: { grace: "7d" },
    });
    expect({ status: rolled.status, code: rolled.body.error?.code }).toEqual({ status: 403, code: "retiring_secret" });
    const hooked = await callRoute(createWebhookRoute, {
      method: "POST",
      path: "/webhooks",
      key: secret,
      body: { url: "https://attacker.example/hook" },
    });
    expect({ status: hooked.status, code: hooked.body.error?.code }).toEqual({ status: 403, code: "retiring_secret" });
    // Nothing created, nothing rolled: the leaked secret still ends with the report's grace.
    expect({ ...(await rowCountsFor({ accountId: owner.id })), ...(await webhookRowCountsFor(owner.id)) }).toEqual(before);
    expect(((await secretRow(secret)).expiresAt as Date).getTime()).toBeLessThan(Date.now() + 10 * 60_000 + 5_000);
    expect((await deniedAttempts(owner.id)).map((row) => row.changes?.reason)).toEqual([
      { to: "retiring_secret" },
      { to: "retiring_secret" },
      { to: "retiring_secret" },
    ]);
    await useRevokePolicy();
  });

  it("answers false_positive for unknown, malformed and dead tokens, with the same shape and no side effects", async () => {
    await useRevokePolicy();
    const { owner, key, secret } = await ownerWithKey();
    const dead = await createKey(actorOf(owner), owner.id, createKeyInput({ name: "Old" }));
    await revokeKey(actorOf(owner), { keyId: dead.key.id, accountId: owner.id });
    const lookalike = `${secret.slice(0, -7)}${secret.at(-7) === "A" ? "B" : "A"}${secret.slice(-6)}`;
    const before = await rowCountsFor({ accountId: owner.id });
    const auditBefore = await auditEventsForKey(dead.key.id);

    const tokens = ["lk_live_notakeyatall", lookalike, dead.secret, "ghp_somethingelse"];
    const { status, body } = await send(tokens.map((token) => found(token)));
    expect(status).toBe(200);
    expect(body).toEqual(
      tokens.map((token) => ({ token_hash: hashKey(token), token_type: "latchkey_api_key", label: "false_positive" })),
    );
    expect(await rowCountsFor({ accountId: owner.id })).toEqual(before);
    expect(await auditEventsForKey(dead.key.id)).toEqual(auditBefore);
    expect((await keyRow(key.id)).revokedAt).toBeNull();
    // Logged for the admins, unknown ones without any key.
    const db = await getDb();
    const unknown = await db.select().from(leakReports).where(eq(leakReports.tokenType, "latchkey_api_key"));
    expect(unknown.some((row) => row.outcome === "unknown" && row.keyId === null)).toBe(true);
    expect((await reportsOfKey(dead.key.id)).map((row) => row.outcome)).toEqual(["inactive"]);
  });

  it("tells the owner in the inbox and by email even when they turned key.leaked off", async () => {
    await useRevokePolicy();
    const { owner, key, secret } = await ownerWithKey();
    const db = await getDb();
    await db.insert(notificationPreferences).values({ userId: owner.id, eventType: "key.leaked", inApp: false, email: false });
    await send([found(secret)]);
    await dispatchAll();
    const inbox = await db.select().from(notifications).where(eq(notifications.userId, owner.id));
    const leaked = (await eventsOfKey(key.id)).find((event) => event.type === "key.leaked");
    expect(inbox.map((row) => row.eventId)).toContain(leaked?.id);
    const { mailOutbox } = await import("@/db/schema");
    const mail = await db
      .select()
      .from(mailOutbox)
      .where(and(eq(mailOutbox.userId, owner.id), eq(mailOutbox.eventId, leaked?.id as string)));
    expect(mail).toHaveLength(1);
    expect(mail[0].textBody).toContain(found(secret).url);
    expect(mail[0].textBody).not.toContain(secret);
  });

  it("refuses a bad signature, an unknown or missing key identifier and a missing signature with one generic 401", async () => {
    const { key, secret } = await ownerWithKey();
    const body = [found(secret)];
    const refusals = [
      await send(body, { sign: "forger" }),
      await send(body, { keyId: "no-such-key" }),
      await send(body, { keyId: OTHER_KEY_ID }), // a known identifier, but the signature is the other key's
      await send(body, { keyId: null }),
      await send(body, { sign: "none" }),
      await send(body, { signedBody: JSON.stringify([found("lk_live_other")]) }),
      await send(body, { headers: { "github-public-key-signature": "not base64 at all!" } }),
    ];
    for (const refusal of refusals) {
      expect(refusal.status).toBe(401);
      expect(refusal.body).toEqual({ error: { code: "unauthenticated", message: "The report could not be authenticated." } });
    }
    expect((await keyRow(key.id)).revokedAt).toBeNull();
    expect(await reportsOfKey(key.id)).toEqual([]);
  });

  it("accepts the other configured key when it signs", async () => {
    await useRevokePolicy();
    const { key, secret } = await ownerWithKey();
    const { status } = await send([found(secret)], { keyId: OTHER_KEY_ID, sign: "other" });
    expect(status).toBe(200);
    expect((await keyRow(key.id)).revokedAt).toBeInstanceOf(Date);
  });

  it("refuses bad JSON and bad payloads with 400, a body over the cap with 413, too many tokens with 400", async () => {
    expect((await send("[{not json")).status).toBe(400);
    expect((await send({ token: "x" })).status).toBe(400);
    expect((await send([])).status).toBe(400);
    expect((await send([{ token: "x", type: "t" }])).status).toBe(400);
    const tooMany = Array.from({ length: MAX_TOKENS_PER_REPORT + 1 }, (_, i) => found(`lk_live_${i}`));
    const many = await send(tooMany);
    expect(many.status).toBe(400);
    const huge = await send([found("x", { url: `https://example.com/${"a".repeat(200_000)}` })]);
    expect(huge.status).toBe(413);
    // A Content-Length over the cap is refused before the body is read.
    const declared = await send([found("x")], { headers: { "content-length": "999999999" } });
    expect(declared.status).toBe(413);
    // Invalid UTF-8 is not JSON.
    expect((await send(Buffer.from([0x5b, 0xff, 0x5d]).toString("latin1"))).status).toBe(400);
  });

  it("takes hostile input without a 500: NUL bytes and control characters", async () => {
    const withNul = await send([found("lk_live_\u0000abc", { url: "https://example.com/\u0000", type: "t\u0000" })]);
    expect(withNul.status).toBe(400);
    const nulToken = await send([found("lk_live_\u0000abc")]);
    expect(nulToken.status).toBe(200);
    expect(nulToken.body).toEqual([
      { token_hash: hashKey("lk_live_\u0000abc"), token_type: "latchkey_api_key", label: "false_positive" },
    ]);
    expect((await send([found("x", { source: "con\ntent" })])).status).toBe(400);
  });

  it("rate-limits an address: 429 with Retry-After", async () => {
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < 41; i++) statuses.push((await send([found("x")], { ip, sign: "forger" })).status);
    expect(statuses.slice(0, 40).every((status) => status === 401)).toBe(true);
    const limited = await send([found("x")], { ip });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
