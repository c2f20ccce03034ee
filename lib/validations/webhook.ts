import { z } from "zod";
import { EVENT_TYPE_NAMES } from "@/lib/events/catalogue";
import { text } from "./text";
import { submissionField } from "./submission";

// What a webhook endpoint is made of, for the dashboard's forms and the API alike. Where its address may lead (no
// private, loopback or link-local address) is checked when a delivery resolves it, not here: DNS can change.

export const WEBHOOK_URL_MAX = 2_000;
export const WEBHOOK_DESCRIPTION_MAX = 500;

export const webhookUrlSchema = text()
  .trim()
  .max(WEBHOOK_URL_MAX, `At most ${WEBHOOK_URL_MAX} characters.`)
  .pipe(z.url({ protocol: /^https?$/, error: "Must be an http:// or https:// URL." }))
  .refine((value) => {
    // Reached even when the URL check above failed (zod runs every check): a value that is no URL is refused there.
    if (!URL.canParse(value)) return true;
    const url = new URL(value);
    // A user name or password in the URL would be shown in every page and log line that shows the endpoint.
    return url.username === "" && url.password === "";
  }, "Must not contain a user name or password.")
  .describe("Where events are POSTed: an http:// or https:// URL (https recommended), up to 2,000 characters.");

export const webhookDescriptionSchema = text()
  .trim()
  .max(WEBHOOK_DESCRIPTION_MAX, `At most ${WEBHOOK_DESCRIPTION_MAX} characters.`)
  .describe("What the endpoint is for, up to 500 characters.");

export const webhookEventTypesSchema = z
  .array(z.enum(EVENT_TYPE_NAMES, { error: "Not an event type (see the Events section of the README)." }))
  .max(EVENT_TYPE_NAMES.length)
  .transform((types) => [...new Set(types)].sort())
  .describe("The event types sent to the endpoint; empty: every type.");

export const createWebhookSchema = z
  .object({
    url: webhookUrlSchema,
    description: webhookDescriptionSchema.default(""),
    eventTypes: webhookEventTypesSchema.default([]),
  })
  .strict();

export const updateWebhookSchema = z
  .object({
    url: webhookUrlSchema.optional(),
    description: webhookDescriptionSchema.optional(),
    eventTypes: webhookEventTypesSchema.optional(),
    enabled: z.boolean().optional().describe("false stops deliveries; true resumes them (and what waited is sent)."),
  })
  .strict();

export type CreateWebhookInput = z.output<typeof createWebhookSchema>;
export type UpdateWebhookInput = z.output<typeof updateWebhookSchema>;

const limitMessage = "limit must be a whole number from 1 to 100.";

export const listDeliveriesQuerySchema = z.object({
  cursor: z
    .uuid("cursor must be the nextCursor of a previous page.")
    .optional()
    .describe("Where the page starts: the nextCursor of the page before. Without it, the newest deliveries."),
  limit: z.coerce.number({ error: limitMessage }).int(limitMessage).min(1, limitMessage).max(100, limitMessage).default(25),
});

export const webhookIdSchema = z.uuid();

// The dashboard's forms: the same fields, and which endpoint or delivery a button acts on.
export const webhookTargetSchema = z.object({ webhookId: webhookIdSchema }).strict();
// The forms that issue a signing secret carry their submission token (lib/submissions.ts).
export const createWebhookFormSchema = createWebhookSchema.extend(submissionField).strict();
export const rollWebhookSecretFormSchema = webhookTargetSchema.extend(submissionField).strict();
export const updateWebhookFormSchema = createWebhookSchema.extend({ webhookId: webhookIdSchema }).strict();
export const webhookEnabledSchema = z
  .object({ webhookId: webhookIdSchema, enabled: z.enum(["true", "false"]).transform((value) => value === "true") })
  .strict();
export const deliveryTargetSchema = z.object({ webhookId: webhookIdSchema, deliveryId: webhookIdSchema }).strict();
