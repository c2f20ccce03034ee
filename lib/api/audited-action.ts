import type { KeyAction } from "@/lib/keys/lifecycle-steps";
import type { WebhookAction } from "@/lib/webhooks/endpoints";
import type { TemplateAction } from "@/lib/keys/templates";

/** The management actions of the API: a key refused for a missing scope leaves `<action>.denied` in its trail. */
export type AuditedAction = KeyAction | WebhookAction | TemplateAction;
