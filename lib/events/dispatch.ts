import "server-only";
import { databaseHandle, getDb } from "@/db";
import { isRefusedForContent } from "@/db/errors";
import {
  EVENTS_CHANNEL,
  insertNotifications,
  markDispatched,
  setEventAside,
  membersToTell,
  takeUndispatchedEvents,
} from "@/db/queries/event-dispatch";
import { insertMail, type NewMail } from "@/db/queries/mail";
import { env } from "@/lib/infra/env";
import { coalesced } from "@/lib/infra/coalesced";
import { logger } from "@/lib/infra/logger";
import { EVENT_TYPE_NAMES, isEventType } from "./catalogue";
import { channelChoices } from "./channels";
import { eventMail } from "./mail-content";
import { sendMailSoon } from "./mail-sender";
import { queueWebhookDeliveries } from "@/lib/webhooks/queue";
import { sendWebhooksSoon } from "@/lib/webhooks/sender";

// The dispatcher turns recorded events into what each channel delivers: an entry in the inbox, and a mail in the
// outbox, of every member of the event's account who wants it there, and a delivery to each webhook endpoint that
// hears it (lib/webhooks/queue.ts). It takes events in batches, their rows locked (SKIP LOCKED), so instances
// dispatching at once share the work and no event is dispatched twice; the inbox rows and the event's mark are one
// transaction. It runs when an event commits anywhere (a NOTIFY), and once a minute to sweep up anything a
// notification missed (lib/ops/jobs.ts).

// Events per transaction: each may reach every member of its account (an inbox row and a mail each).
const BATCH = 50;

/**
 * Dispatches one batch of events; answers how many it took. A batch the database refuses for what it holds (or that
 * cannot be turned into mail) is tried again an event at a time, and the one at fault is set aside, logged, rather
 * than holding up every event behind it forever; a database that is away fails the run, to be retried whole.
 */
export async function dispatchEvents(limit = BATCH): Promise<number> {
  const taken: string[] = [];
  try {
    return await dispatchBatch(limit, taken);
  } catch (error) {
    if (!isEventsFault(error) || taken.length === 0) throw error;
    if (taken.length > 1) {
      let dispatched = 0;
      for (let i = 0; i < taken.length; i++) dispatched += await dispatchEvents(1);
      return dispatched;
    }
    const [eventId] = taken as [string];
    await setEventAside(await getDb(), eventId, rootCause(error));
    logger.error({ err: error, eventId }, "an event could not be dispatched and was set aside");
    return 1;
  }
}

/** The innermost error's code and message: a query's wrapper repeats the statement and its values, which stay out. */
function rootCause(error: unknown): string {
  let inner = error;
  while (inner instanceof Error && inner.cause instanceof Error) inner = inner.cause;
  const code = (inner as { code?: unknown }).code;
  const message = inner instanceof Error ? inner.message : String(inner);
  return typeof code === "string" ? `${code}: ${message}` : message;
}

/** A failure that the events themselves cause, and that would recur however often they are tried. */
function isEventsFault(error: unknown): boolean {
  return isRefusedForContent(error) || error instanceof TypeError || error instanceof RangeError;
}

async function dispatchBatch(limit: number, takenIds: string[]): Promise<number> {
  const db = await getDb();
  let mailed = 0;
  let hooked = 0;
  const taken = await db.transaction(async (tx) => {
    const batch = await takeUndispatchedEvents(tx, limit, EVENT_TYPE_NAMES);
    if (batch.length === 0) return 0;
    takenIds.push(...batch.map((event) => event.id));
    const members = await membersToTell(tx, [...new Set(batch.map((event) => event.accountId))]);
    const choices = members.map((member) => ({ ...member, channels: channelChoices(member.saved) }));
    const inbox = [];
    const mail: NewMail[] = [];
    for (const event of batch) {
      if (!isEventType(event.type)) continue; // not taken (see takeUndispatchedEvents); for the type checker
      for (const member of choices) {
        if (member.accountId !== event.accountId) continue;
        const wanted = member.channels[event.type];
        if (wanted.inApp) inbox.push({ userId: member.userId, accountId: event.accountId, eventId: event.id });
        if (wanted.email) {
          mail.push({
            ...eventMail(event, member, env().PUBLIC_URL),
            eventId: event.id,
            userId: member.userId,
            accountId: event.accountId,
          });
        }
      }
    }
    await insertNotifications(tx, inbox);
    await insertMail(tx, mail);
    mailed = mail.length;
    hooked = await queueWebhookDeliveries(tx, batch);
    await markDispatched(
      tx,
      batch.map((event) => event.id),
    );
    return batch.length;
  });
  // Committed: the mail goes out now (a sweep each minute catches what this misses).
  if (mailed > 0) void sendMailSoon();
  if (hooked > 0) void sendWebhooksSoon();
  return taken;
}

/** Dispatches everything waiting, now; a call while a run is under way makes that run go round once more. */
export const dispatchSoon = coalesced(
  "dispatch",
  async () => {
    while ((await dispatchEvents()) === BATCH) {
      // a full batch: there may be more
    }
  },
  (error) => logger.error({ err: error }, "dispatching events failed; the next event or sweep retries"),
);

/** Dispatches as soon as any instance commits an event. Started once per process. */
export async function listenForEvents(): Promise<void> {
  const handle = await databaseHandle();
  // (Re)subscribed: an event committed meanwhile would wait for the sweep, so look now.
  await handle.listen(
    EVENTS_CHANNEL,
    () => void dispatchSoon(),
    () => void dispatchSoon(),
  );
}
