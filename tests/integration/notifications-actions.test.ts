import { and, eq, isNull } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { events, notificationPreferences, notifications } from "@/db/schema";
import { EVENT_TYPE_NAMES, type EventType } from "@/lib/events/catalogue";
import { isAlwaysDelivered } from "@/lib/events/channels";
import { dispatchEvents } from "@/lib/events/dispatch";
import { newestArrival } from "@/db/queries/notifications";
import { recordEvent } from "@/lib/events/record";
import { createKey } from "@/lib/keys/lifecycle";
import { actorOf, createKeyInput, createUser } from "../support/factories";

// The inbox's server actions, called as a browser (or anyone who copied the action's id) would: the user and the
// account come from the session; whatever the form says about them, or sends besides, changes nothing of anyone else's.

const request = vi.hoisted(() => ({ session: null as { user: { id: string } } | null }));
vi.mock("@/auth", () => ({
  auth: vi.fn(async () => (await import("@/tests/support/live-session")).withLiveSession(request.session)),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
vi.mock("next/headers", () => ({
  headers: vi.fn(async () => new Headers()),
  cookies: vi.fn(async () => ({ get: () => undefined, set: vi.fn() })),
}));

const { markReadAction, saveChannelChoicesAction } = await import("@/app/(dashboard)/notifications/actions");

async function dispatchAll() {
  while ((await dispatchEvents()) > 0) {
    // until nothing waits
  }
}

async function personWithInbox(entries = 2) {
  const person = await createUser();
  for (let i = 0; i < entries; i++) await createKey(actorOf(person), person.id, createKeyInput({ name: `Key ${i}` }));
  await dispatchAll();
  return person;
}

async function unreadOf(userId: string) {
  const db = await getDb();
  return db
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
}

async function choicesOf(userId: string) {
  const db = await getDb();
  return db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId));
}

describe("marking the inbox read", () => {
  beforeEach(() => {
    request.session = null;
  });

  it("refuses without a session", async () => {
    const person = await personWithInbox(1);
    const result = await markReadAction({ accountId: person.id });
    expect(result.ok).toBe(false);
    expect(await unreadOf(person.id)).toHaveLength(1);
  });

  it("marks nothing of another person's, whatever ids the form names", async () => {
    const me = await personWithInbox(1);
    const them = await personWithInbox(1);
    const [theirs] = await unreadOf(them.id);
    request.session = { user: { id: me.id } };
    expect(await markReadAction({ accountId: me.id, notificationId: theirs!.id })).toEqual({ ok: true });
    // Their account named instead of mine: refused, as a page of another account is.
    expect((await markReadAction({ accountId: them.id })).ok).toBe(false);
    expect(await unreadOf(them.id)).toHaveLength(1);
    expect(await unreadOf(me.id)).toHaveLength(1);
  });

  it.each([
    ["an id that is no UUID", { notificationId: "1 or 1=1" }],
    ["a NUL byte", { notificationId: "\u0000" }],
    ["an impossible time", { shownAt: "2026-02-30T00:00:00Z" }],
    ["a field it does not know", { userId: "someone-else" }],
    ["a list where one id goes", { notificationId: ["a", "b"] }],
  ])("refuses %s, and marks nothing", async (_, extra) => {
    const me = await personWithInbox(1);
    request.session = { user: { id: me.id } };
    const result = await markReadAction({ accountId: me.id, ...extra } as never);
    expect(result.ok).toBe(false);
    expect(await unreadOf(me.id)).toHaveLength(1);
  });

  it("marks all that had arrived when the page was shown, and leaves what came since unread", async () => {
    const me = await personWithInbox(2);
    const shownAt = await newestArrival(me.id, me.id);
    expect(shownAt).toMatch(/\.\d{6}Z$/);
    const db = await getDb();
    await recordEvent(db, { accountId: me.id, type: "key.expiring", data: { key: { name: "Later" } } });
    await dispatchAll();
    expect(await unreadOf(me.id)).toHaveLength(3);

    request.session = { user: { id: me.id } };
    expect(await markReadAction({ accountId: me.id, shownAt: shownAt! })).toEqual({ ok: true });
    const left = await db
      .select({ type: events.type })
      .from(notifications)
      .innerJoin(events, eq(events.id, notifications.eventId))
      .where(and(eq(notifications.userId, me.id), isNull(notifications.readAt)));
    expect(left).toEqual([{ type: "key.expiring" }]);
  });
});

describe("saving channel choices", () => {
  beforeEach(() => {
    request.session = null;
  });

  it("refuses without a session, and saves nothing", async () => {
    const me = await createUser();
    expect((await saveChannelChoicesAction({ inApp: [], email: [] })).ok).toBe(false);
    expect(await choicesOf(me.id)).toEqual([]);
  });

  it.each([
    ["an unknown type", { inApp: ["key.created", "key.exploded"], email: [] }],
    ["a NUL byte", { inApp: ["key.created\u0000"], email: [] }],
    ["a list longer than the catalogue", { inApp: Array(EVENT_TYPE_NAMES.length + 1).fill("key.created"), email: [] }],
    ["a huge list", { inApp: Array(100_000).fill("key.created"), email: [] }],
    ["a field it does not know", { inApp: [], email: [], userId: "someone-else" }],
    ["a string where a list goes", { inApp: "key.created", email: [] }],
  ])("refuses %s, and saves nothing", async (_, input) => {
    const me = await createUser();
    request.session = { user: { id: me.id } };
    const result = await saveChannelChoicesAction(input as never);
    expect(result.ok).toBe(false);
    expect(await choicesOf(me.id)).toEqual([]);
  });

  it("saves only the signed-in person's choices, for every type", async () => {
    const me = await createUser();
    const other = await createUser();
    request.session = { user: { id: me.id } };
    expect(await saveChannelChoicesAction({ inApp: ["key.revoked"], email: ["key.leaked"] })).toEqual({ ok: true });
    const saved = await choicesOf(me.id);
    expect(saved).toHaveLength(EVENT_TYPE_NAMES.length);
    expect(saved.find((row) => row.eventType === "key.revoked")).toMatchObject({ inApp: true, email: false });
    expect(saved.find((row) => row.eventType === "key.created")).toMatchObject({ inApp: false, email: false });
    expect(await choicesOf(other.id)).toEqual([]);
  });

  it("takes two saves at once (two tabs) without failing either; one of them is what is kept", async () => {
    const me = await createUser();
    request.session = { user: { id: me.id } };
    const results = await Promise.all([
      saveChannelChoicesAction({ inApp: ["key.created"], email: [] }),
      saveChannelChoicesAction({ inApp: ["key.revoked"], email: ["key.revoked"] }),
      saveChannelChoicesAction({ inApp: [], email: ["key.expired"] }),
    ]);
    expect(results).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    const saved = await choicesOf(me.id);
    expect(saved).toHaveLength(EVENT_TYPE_NAMES.length);
    const on = (row: { inApp: boolean; email: boolean }) => row.inApp || row.email;
    // key.leaked is always delivered, whatever is chosen.
    const onTypes = saved
      .filter((row) => on(row) && !isAlwaysDelivered(row.eventType as EventType))
      .map((row) => row.eventType)
      .sort();
    expect([["key.created"], ["key.revoked"], ["key.expired"]]).toContainEqual(onTypes);
  });
});
