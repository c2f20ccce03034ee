import "server-only";
import type { Executor } from "@/db";
import { insertEvents } from "@/db/queries/events";
import { notifyNewEvent } from "@/db/queries/event-dispatch";
import type { AuditChanges } from "@/db/schema";
import type { KeyWithScopes } from "@/db/queries/keys";
import type { Actor } from "@/lib/audit/actor";
import { newEventId } from "@/lib/usage/event-id";
import type { EventType } from "./catalogue";

export interface NewEvent {
  accountId: string;
  keyId?: string | null;
  type: EventType;
  data: Record<string, unknown>;
  /** For what a periodic check finds: the same finding twice is one event (see db/schema/events.ts). */
  dedupeKey?: string;
  occurredAt?: Date;
}

/**
 * Records an event in the transaction of the change it tells of, so that it exists if and only if the change
 * committed; delivering it is the dispatcher's job. Answers whether it was recorded (false: its dedupe key was).
 */
export async function recordEvent(executor: Executor, event: NewEvent): Promise<boolean> {
  return (await recordEvents(executor, [event])) > 0;
}

/** Records several events in one statement (what a periodic check found); answers how many were new. */
export async function recordEvents(executor: Executor, batch: readonly NewEvent[]): Promise<number> {
  const written = await insertEvents(
    executor,
    batch.map((event) => {
      const occurredAt = event.occurredAt ?? new Date();
      return {
        id: newEventId(occurredAt.getTime()),
        accountId: event.accountId,
        keyId: event.keyId ?? null,
        type: event.type,
        occurredAt,
        data: event.data,
        dedupeKey: event.dedupeKey ?? null,
      };
    }),
  );
  // Every instance's dispatcher wakes once the change commits (lib/events/dispatch.ts); nothing is sent if it does not.
  if (written > 0) await notifyNewEvent(executor);
  return written;
}

/** What every key event says of its key: enough to recognise it, nothing that could be used as it. */
export function keySummary(
  key: Pick<KeyWithScopes, "id" | "name" | "start" | "environment" | "expiresAt"> & { scopes?: readonly string[] },
) {
  return {
    id: key.id,
    name: key.name,
    start: key.start,
    environment: key.environment,
    ...(key.scopes && { scopes: [...key.scopes] }),
    expiresAt: key.expiresAt?.toISOString() ?? null,
  };
}

/** Who made a change, as an event tells it: a user or a key by id, or Latchkey itself. */
export function actorSummary(actor: Pick<Actor, "userId" | "keyId"> | null) {
  if (actor?.keyId) return { type: "api_key", id: actor.keyId };
  if (actor?.userId) return { type: "user", id: actor.userId };
  return { type: "system" };
}

/** A key change as an event: the key, who changed it, and the fields that changed (from the audit's changes). */
export function keyChangeEvent(
  type: EventType,
  key: Parameters<typeof keySummary>[0] & { accountId: string },
  actor: Actor | null,
  changes?: AuditChanges,
): NewEvent {
  return {
    accountId: key.accountId,
    keyId: key.id,
    type,
    data: { key: keySummary(key), actor: actorSummary(actor), ...(changes && { changes }) },
  };
}
