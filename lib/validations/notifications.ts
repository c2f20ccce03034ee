import { z } from "zod";
import { EVENT_TYPE_NAMES } from "@/lib/events/catalogue";

const eventTypes = z.array(z.enum(EVENT_TYPE_NAMES, { error: "Unknown event type." })).max(EVENT_TYPE_NAMES.length);

/** The channel choices form: the event types ticked for each channel (a type left out is off there). */
export const channelChoicesSchema = z.object({ inApp: eventTypes, email: eventTypes }).strict();
export type ChannelChoicesInput = z.output<typeof channelChoicesSchema>;

/** One inbox entry marked read, or (no id) all of them that had arrived when the page was shown (`shownAt`). */
export const markReadSchema = z
  .object({
    notificationId: z.uuid({ error: "Notification not found." }).optional(),
    // When the newest entry shown had arrived (db/queries/notifications.ts newestArrival), to the microsecond.
    shownAt: z.iso.datetime({ offset: true, error: "Reload the page and try again." }).optional(),
  })
  .strict();
