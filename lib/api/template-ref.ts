import "server-only";
import { HttpProblem } from "@/lib/http/envelope";
import type { TemplateRef } from "@/lib/keys/templates";
import { templateIdSchema } from "@/lib/validations/key-template";
import type { ApiContext } from "@/lib/api/gate/with-api-key";

/**
 * The template named in the URL, always with the calling key's account as its owner: another account's template, or a
 * plan template (which the account uses but does not own), is not found.
 */
export function ownTemplateRef({ auth, params }: ApiContext<{ id: string }>): TemplateRef & { accountId: string } {
  const parsed = templateIdSchema.safeParse(params.id);
  // A malformed id cannot name any template: the same 404 as an unknown one, and no query with it.
  if (!parsed.success) throw new HttpProblem("not_found", "Template not found.");
  return { templateId: parsed.data, accountId: auth.key.accountId };
}
