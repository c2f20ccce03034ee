import { eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { auditEvents, leakReports, notificationPreferences } from "@/db/schema";
import { hashKey } from "@/lib/keys/hash";
import { currentLeakPolicy } from "@/lib/leaks/policy";
import { createUser, ownerWithKey } from "../support/factories";
import { auditEventsForKey } from "../support/inspect";
import { eventsOfKey, found, freshIp, keyRow, REPORT_TOKEN, reportsOfKey, secretRow } from "../support/leak-reports";

const request = vi.hoisted(() => ({ session: null as { user: { id: string } } | null }));
vi.mock("@/auth", () => ({
  auth: vi.fn(async () => (await import("@/tests/support/live-session")).withLiveSession(request.session)),
}));
vi.mock("next/headers", () => ({
  headers: vi.fn(async () => new Headers({ "user-agent": "vitest admin" })),
  cookies: vi.fn(async () => ({ get: () => undefined })),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

process.env.LEAK_REPORT_TOKEN = REPORT_TOKEN;
process.env.LEAK_POLICY = "revoke";
process.env.LEAK_ROLL_GRACE_MINUTES = "20";
const { POST: tokenRoute } = await import("@/app/api/leaks/report/route");
const { reportLeakAction, setLeakPolicyAction } = await import("@/app/(dashboard)/admin/leaks/actions");
const { saveChannelChoicesAction } = await import("@/app/(dashboard)/notifications/actions");

const signInAs = (user: { id: string } | null) => {
  request.session = user && { user: { id: user.id } };
};

async function sendWithToken(body: unknown, token: string | null = REPORT_TOKEN) {
  const headers: Record<string, string> = { "content-type": "application/json", "x-forwarded-for": freshIp() };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const response = await tokenRoute(
    new NextRequest("http://localhost/api/leaks/report", { method: "POST", body: JSON.stringify(body), headers }),
  );
  return { status: response.status, body: (await response.json()) as unknown };
}

describe("POST /api/leaks/report: other scanners, with LEAK_REPORT_TOKEN", () => {
  it("handles a report as GitHub's, by the same format and answer", async () => {
    const { key, secret } = await ownerWithKey();
    const { status, body } = await sendWithToken([found(secret, { source: undefined }), found("lk_live_nothing")]);
    expect(status).toBe(200);
    expect(body).toEqual([
      { token_hash: hashKey(secret), token_type: "latchkey_api_key", label: "true_positive" },
      { token_hash: hashKey("lk_live_nothing"), token_type: "latchkey_api_key", label: "false_positive" },
    ]);
    expect((await keyRow(key.id)).revokedAt).toBeInstanceOf(Date);
    const [logged] = await reportsOfKey(key.id);
    expect(logged).toMatchObject({ via: "scanner", outcome: "revoked", foundIn: null });
    const revoke = (await auditEventsForKey(key.id)).find((row) => row.action === "key.revoke");
    expect(revoke?.userAgent).toBe("leak report (scanner)");
  });

  it("refuses a missing or wrong token with 401 and changes nothing", async () => {
    const { key, secret } = await ownerWithKey();
    for (const token of [null, "wrong", `${REPORT_TOKEN}x`, REPORT_TOKEN.slice(0, -1)]) {
      const { status, body } = await sendWithToken([found(secret)], token);
      expect(status).toBe(401);
      expect(body).toEqual({ error: { code: "unauthenticated", message: "The report could not be authenticated." } });
    }
    expect((await keyRow(key.id)).revokedAt).toBeNull();
    expect(await reportsOfKey(key.id)).toEqual([]);
  });
});

describe("the admin area's leak reports", () => {
  beforeEach(() => signInAs(null));

  it("takes the environment's policy until an admin saves one, and audits the change", async () => {
    const admin = await createUser({ role: "admin" });
    const db = await getDb();
    const { leakPolicy } = await import("@/db/schema");
    await db.delete(leakPolicy);
    expect(await currentLeakPolicy()).toEqual({ action: "revoke", graceMinutes: 20, saved: false });
    signInAs(admin);
    expect(await setLeakPolicyAction({ action: "roll", graceMinutes: "5" })).toEqual({ ok: true });
    expect(await currentLeakPolicy()).toEqual({ action: "roll", graceMinutes: 5, saved: true });
    const rows = await db.select().from(auditEvents).where(eq(auditEvents.actorUserId, admin.id));
    expect(rows.find((row) => row.action === "leak.policy")?.changes).toEqual({
      action: { from: "revoke", to: "roll" },
      graceMinutes: { from: 20, to: 5 },
    });
    const refused = await setLeakPolicyAction({ action: "roll", graceMinutes: "0" });
    expect(refused).toMatchObject({ ok: false, fieldErrors: { graceMinutes: expect.any(Array) } });
    expect(await setLeakPolicyAction({ action: "delete", graceMinutes: "5" })).toMatchObject({ ok: false });
  });

  it("lets an admin report a found key, rolled by the policy with the admin as the actor; the key is kept nowhere", async () => {
    const admin = await createUser({ role: "admin" });
    signInAs(admin);
    await setLeakPolicyAction({ action: "roll", graceMinutes: "5" });
    const { key, secret } = await ownerWithKey();
    const result = await reportLeakAction({ token: secret, url: "https://pastebin.example/abc" });
    expect(result).toEqual({ ok: true, outcome: "rolled", keyId: key.id });
    const roll = (await auditEventsForKey(key.id)).find((row) => row.action === "key.roll");
    expect(roll?.actorUserId).toBe(admin.id);
    expect(roll?.changes?.leakReport?.to).toMatchObject({ via: "admin", url: "https://pastebin.example/abc" });
    expect((await secretRow(secret)).expiresAt).toBeInstanceOf(Date);
    const [logged] = await reportsOfKey(key.id);
    expect(logged).toMatchObject({ via: "admin", reportedBy: admin.id, outcome: "rolled" });
    expect((await eventsOfKey(key.id)).filter((event) => event.type === "key.leaked")).toHaveLength(1);

    const db = await getDb();
    const everything = JSON.stringify([
      await db.select().from(leakReports),
      await db.select().from(auditEvents),
      await eventsOfKey(key.id),
    ]);
    expect(everything).not.toContain(secret);

    // Again: answered, not acted on.
    expect(await reportLeakAction({ token: secret, url: "https://pastebin.example/abc" })).toEqual({
      ok: true,
      outcome: "already_handled",
      keyId: key.id,
    });
    await setLeakPolicyAction({ action: "revoke", graceMinutes: "5" });
  });

  it("refuses clients and bad input", async () => {
    const client = await createUser();
    const { key, secret } = await ownerWithKey();
    signInAs(client);
    expect(await reportLeakAction({ token: secret, url: "https://example.com" })).toEqual({
      ok: false,
      error: "Only admins can do that.",
    });
    expect(await setLeakPolicyAction({ action: "roll", graceMinutes: "5" })).toMatchObject({ ok: false });
    expect((await keyRow(key.id)).revokedAt).toBeNull();
    signInAs(null);
    expect(await reportLeakAction({ token: secret, url: "https://example.com" })).toMatchObject({ ok: false });

    const admin = await createUser({ role: "admin" });
    signInAs(admin);
    expect(await reportLeakAction({ token: secret, url: "javascript:alert(1)" })).toMatchObject({
      ok: false,
      fieldErrors: { url: expect.any(Array) },
    });
    expect(await reportLeakAction({ token: "", url: "https://example.com" })).toMatchObject({ ok: false });
    expect(await reportLeakAction({ token: "a\u0000b", url: "https://example.com" })).toMatchObject({ ok: false });
    expect((await keyRow(key.id)).revokedAt).toBeNull();
  });
});

describe("a person's notification choices", () => {
  it("keep key.leaked on every channel when everything is unticked", async () => {
    const owner = await createUser();
    signInAs(owner);
    expect(await saveChannelChoicesAction({ inApp: [], email: [] })).toEqual({ ok: true });
    const db = await getDb();
    const saved = await db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, owner.id));
    expect(saved.find((row) => row.eventType === "key.leaked")).toMatchObject({ inApp: true, email: true });
    expect(saved.find((row) => row.eventType === "key.created")).toMatchObject({ inApp: false, email: false });
  });
});
