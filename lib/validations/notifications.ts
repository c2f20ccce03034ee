import { z } from "zod";
import { EVENT_TYPE_NAMES } from "@/lib/events/catalogue";

const eventTypes = z.array(z.enum(EVENT_TYPE_NAMES, { error: "Unknown event type." })).max(EVENT_TYPE_NAMES.length);

/** The channel choices form: the event types ticked for each channel (a type left out is off there). */
export const channelChoicesSchema = z.object({ inApp: eventTypes, email: eventTypes }).strict();
export type ChannelChoicesInput = z.output<typeof channelChoicesSchema>;

/** One inbox entry marked read, or (no id) all of them. */
export const markReadSchema = z.object({ notificationId: z.uuid({ error: "Notification not found." }).optional() }).strict();
