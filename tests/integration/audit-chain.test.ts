import { describe, expect, it } from "vitest";
import { and, eq, gt, sql } from "drizzle-orm";
import { getDb, type Transaction } from "@/db";
import { recordAudit } from "@/lib/audit/record";
import { auditEvents } from "@/db/schema";
import { auditRowHash } from "@/lib/audit/chain";
import { verifyAuditChain, type ChainReport } from "@/lib/audit/verify";
import { createKey, hideRevokedKey, revokeKey, rollKey, setKeyIpAllowlist, updateKey } from "@/lib/keys/lifecycle";
import { updateKeySchema } from "@/lib/validations/key";
import { actorOf, createKeyInput, createUser } from "../support/factories";
import { auditEventsForKey } from "../support/inspect";

const edit = (fields: Record<string, unknown>) =>
  updateKeySchema.parse({
    name: "Order service",
    scopes: ["keys:read", "payments:read"],
    rateLimit: 600,
    rateLimitWindow: "minute",
    expiry: "keep",
    ...fields,
  });

class Rollback extends Error {}

/**
 * Tampers inside a transaction that is then rolled back, so that files sharing the Postgres database (and the
 * other tests here) never see the damage.
 */
async function verifyAfterTampering(tamper: (tx: Transaction) => Promise<void>): Promise<ChainReport> {
  const db = await getDb();
  let report: ChainReport | undefined;
  await db
    .transaction(async (tx) => {
      await tamper(tx);
      report = await verifyAuditChain(tx, 50);
      throw new Rollback();
    })
    .catch((error) => {
      if (!(error instanceof Rollback)) throw error;
    });
  return report!;
}

async function lifecycleTrail() {
  const owner = await createUser();
  const actor = actorOf(owner);
  const { key } = await createKey(actor, owner.id, createKeyInput());
  const ref = { keyId: key.id, accountId: owner.id };
  await updateKey(actor, ref, edit({ name: "Billing service" }));
  await setKeyIpAllowlist(actor, ref, ["203.0.113.0/24"]);
  await rollKey(actor, ref, "1h");
  await revokeKey(actor, ref);
  await hideRevokedKey(actor, ref);
  return { owner, ref, events: await auditEventsForKey(key.id) };
}

describe("the audit hash chain", () => {
  it("hashes every row the lifecycle writes and links it to the row before it", async () => {
    const { events } = await lifecycleTrail();
    expect(events.map((e) => e.action)).toEqual([
      "key.create",
      "key.update",
      "key.allowlist",
      "key.roll",
      "key.revoke",
      "key.hide",
    ]);
    for (const event of events) {
      expect(event.hash).toBe(auditRowHash(event));
      const db = await getDb();
      const [previous] = await db
        .select({ hash: auditEvents.hash })
        .from(auditEvents)
        .where(sql`${auditEvents.id} < ${event.id}`)
        .orderBy(sql`${auditEvents.id} desc`)
        .limit(1);
      expect(event.prevHash).toBe(previous?.hash ?? null);
    }
    expect(await verifyAuditChain()).toMatchObject({ ok: true, rows: expect.any(Number) });
  });

  it("chains refused attempts written outside any transaction too", async () => {
    const [owner, stranger] = [await createUser(), await createUser()];
    const { key } = await createKey(actorOf(owner), owner.id, createKeyInput());
    await expect(revokeKey(actorOf(stranger), { keyId: key.id, accountId: stranger.id })).rejects.toThrow();
    const db = await getDb();
    const [denied] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.keyId, key.id), eq(auditEvents.action, "key.revoke.denied")));
    expect(denied.hash).toBe(auditRowHash(denied));
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });

  it("stays one valid chain when twenty changes race", async () => {
    const owner = await createUser();
    const actor = actorOf(owner);
    const { key } = await createKey(actor, owner.id, createKeyInput());
    const ref = { keyId: key.id, accountId: owner.id };
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 === 0
          ? createKey(actor, owner.id, createKeyInput({ name: `Racer ${i}` }))
          : updateKey(actor, ref, edit({ name: `Renamed ${i}` })),
      ),
    );
    const db = await getDb();
    const rows = await db.select().from(auditEvents).where(eq(auditEvents.accountId, owner.id));
    expect(rows).toHaveLength(21);
    // Every row names a different predecessor: no two writers read the same head.
    expect(new Set(rows.map((r) => r.prevHash)).size).toBe(21);
    expect(await verifyAuditChain(undefined, 7)).toMatchObject({ ok: true });
  });

  it("names an edited row as a content mismatch", async () => {
    const { events } = await lifecycleTrail();
    const target = events[2];
    const report = await verifyAfterTampering(async (tx) => {
      await tx.update(auditEvents).set({ ip: "198.51.100.66" }).where(eq(auditEvents.id, target.id));
    });
    expect(report).toMatchObject({ ok: false, broken: { id: target.id, action: "key.allowlist", check: "content" } });

    const changed = await verifyAfterTampering(async (tx) => {
      await tx
        .update(auditEvents)
        .set({ changes: { ipAllowlist: { from: [], to: [] } } })
        .where(eq(auditEvents.id, target.id));
    });
    expect(changed).toMatchObject({ ok: false, broken: { id: target.id, check: "content" } });
  });

  it("names a row whose hash was recomputed after an edit, or removed, by what follows it", async () => {
    const { events } = await lifecycleTrail();
    const [target, next] = [events[1], events[2]];
    // Recomputing the edited row's own hash is not enough: the next row still points at the old one.
    const report = await verifyAfterTampering(async (tx) => {
      const forged = { ...target, ip: "198.51.100.66" };
      await tx
        .update(auditEvents)
        .set({ ip: forged.ip, hash: auditRowHash(forged) })
        .where(eq(auditEvents.id, target.id));
    });
    expect(report.ok).toBe(false);
    if (!report.ok) expect(report.broken.id).toBeLessThanOrEqual(next.id);

    const unhashed = await verifyAfterTampering(async (tx) => {
      await tx.update(auditEvents).set({ hash: null }).where(eq(auditEvents.id, target.id));
    });
    expect(unhashed).toMatchObject({ ok: false, broken: { id: target.id, check: "content" } });
  });

  it("names the row after a deleted one as a broken link", async () => {
    const { events } = await lifecycleTrail();
    const deleted = events[3];
    let following = 0;
    const report = await verifyAfterTampering(async (tx) => {
      await tx.delete(auditEvents).where(eq(auditEvents.id, deleted.id));
      const [row] = await tx
        .select({ id: auditEvents.id })
        .from(auditEvents)
        .where(gt(auditEvents.id, deleted.id))
        .orderBy(auditEvents.id)
        .limit(1);
      following = row.id;
    });
    expect(report).toMatchObject({ ok: false, broken: { id: following, check: "link" } });
  });

  it("writes the row with the plain database handle as well as inside a transaction", async () => {
    const owner = await createUser();
    const db = await getDb();
    await recordAudit(db, { accountId: owner.id, actorUserId: owner.id, action: "test.plain" });
    const [row] = await db.select().from(auditEvents).where(eq(auditEvents.accountId, owner.id));
    expect(row).toMatchObject({ action: "test.plain", hash: auditRowHash(row) });
  });
});
