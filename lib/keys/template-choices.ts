import type { KeyTemplate } from "@/db/schema";
import type { TemplateSettings } from "@/lib/validations/key-template";
import { fitTemplate, type TemplateBounds } from "./template-fit";
import { templateSettingsOf } from "./template-settings";

/** A template as the generate form offers it: already fitted to the account's plan and the member's role. */
export interface TemplateChoice {
  id: string;
  name: string;
  description: string;
  kind: "plan" | "account";
  /** The settings the form fills in (within the plan); the template's own are in `asSaved`. */
  settings: TemplateSettings;
  asSaved: TemplateSettings;
  adjustments: string[];
  refused: string | null;
}

export function templateChoices(templates: KeyTemplate[], bounds: TemplateBounds): TemplateChoice[] {
  return templates.map((template) => {
    const asSaved = templateSettingsOf(template);
    const { settings, adjustments, refused } = fitTemplate(asSaved, bounds);
    return {
      id: template.id,
      name: template.name,
      description: template.description,
      kind: template.accountId === null ? "plan" : "account",
      settings,
      asSaved,
      adjustments,
      refused,
    };
  });
}
