import type { ActionResult } from "@/lib/http/server-action";

export type IssuedSecret = ActionResult<{ webhookId: string; url: string; secret: string }>;

/** What the webhook pages hand their controls: the server actions of the area (a client's, or the admins'). */
export interface WebhookActions {
  create: (formData: FormData) => Promise<IssuedSecret>;
  update: (formData: FormData) => Promise<ActionResult>;
  setEnabled: (input: Record<string, string>) => Promise<ActionResult>;
  rollSecret: (input: Record<string, string>) => Promise<IssuedSecret>;
  test: (input: Record<string, string>) => Promise<ActionResult>;
  resend: (input: Record<string, string>) => Promise<ActionResult>;
  remove: (input: Record<string, string>) => Promise<ActionResult>;
  /** Sent with every form and button: the account the page shows (none in the admin area). */
  fields: Record<string, string>;
  /** Where the area's list is: "/webhooks" or "/admin/webhooks". */
  basePath: string;
}
