"use client";

import { Field, selectClasses } from "@/components/ui/field";
import type { TemplateChoice } from "@/lib/keys/template-choices";

interface TemplatePickerProps {
  templates: TemplateChoice[];
  chosen: TemplateChoice | null;
  onChoose: (template: TemplateChoice | null) => void;
  planName?: string;
  accountName?: string;
}

/**
 * "Start from a template": the plan's templates and the account's own, grouped. Choosing one fills every field of the
 * form (still editable). What the plan or the member's role does not allow is never applied silently: the form says
 * what was left out or lowered, and a template with nothing left is offered disabled with the reason.
 */
export function TemplatePicker({ templates, chosen, onChoose, planName, accountName }: TemplatePickerProps) {
  const plan = templates.filter((t) => t.kind === "plan");
  const own = templates.filter((t) => t.kind === "account");
  const option = (t: TemplateChoice) => (
    <option key={t.id} value={t.id} disabled={t.refused !== null}>
      {t.name}
      {t.refused ? " (not available on your plan)" : t.adjustments.length > 0 ? " (adjusted to your plan)" : ""}
    </option>
  );
  return (
    <div className="space-y-2 rounded-lg bg-zinc-50 p-3 ring-1 ring-zinc-200 ring-inset">
      <Field label="Start from a template" hint="Fills every field below; you can still change any of them.">
        {(props) => (
          <select
            {...props}
            value={chosen?.id ?? ""}
            onChange={(event) => onChoose(templates.find((t) => t.id === event.target.value) ?? null)}
            className={selectClasses}
          >
            <option value="">No template (blank form)</option>
            {plan.length > 0 && (
              <optgroup label={planName ? `For the ${planName} plan` : "For your plan"}>{plan.map(option)}</optgroup>
            )}
            {own.length > 0 && (
              <optgroup label={accountName ? `Saved by ${accountName}` : "Saved by your team"}>{own.map(option)}</optgroup>
            )}
          </select>
        )}
      </Field>
      {chosen?.description && <p className="text-xs text-zinc-600">{chosen.description}</p>}
      {chosen && chosen.adjustments.length > 0 && (
        <div role="status" className="rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-900 ring-1 ring-amber-200 ring-inset">
          <p className="font-medium">
            This template asks for more than the {planName ?? "account's"} plan allows; the form holds what it does allow:
          </p>
          <ul className="mt-1 list-disc space-y-0.5 pl-4">
            {chosen.adjustments.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      )}
      {templates.some((t) => t.refused) && (
        <p className="text-xs text-zinc-500">
          {templates
            .filter((t) => t.refused)
            .map((t) => `${t.name}: ${t.refused}`)
            .join(" ")}
        </p>
      )}
    </div>
  );
}
