"use client";

import { useRef, useState } from "react";
import { Dialog, DialogActions, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { Button } from "@/components/ui/button";
import { Field, FormAlert, selectClasses } from "@/components/ui/field";
import { type KeySettingsDefaults, KeySettingsFields, type PlanBounds } from "./key-settings-fields";
import { RevealKeyContent } from "./reveal-key-dialog";
import { useIssueKey, type IssueAction } from "./use-issue-key";
import type { ScopeOption } from "@/lib/scopes";
import type { TemplateChoice } from "@/lib/keys/template-choices";
import { TemplatePicker } from "./template-picker";
import { keyDefaultsFrom } from "./template-defaults";
import { SaveAsTemplate, type SaveTemplateAction } from "./save-as-template";

type FormDefaults = KeySettingsDefaults & { environment: "live" | "test" };

const DEFAULTS: FormDefaults = {
  name: "",
  description: "",
  environment: "live",
  scopes: [],
  rateLimit: 60,
  rateLimitWindow: "minute",
};

interface CreateKeyDialogProps {
  scopeOptions: ScopeOption[];
  label?: string;
  /** The client's own create, or an admin's creating a key for a client (with the client's id in hiddenFields). */
  action: IssueAction;
  /** Posted with the form, for such an action (the client's id). */
  hiddenFields?: Record<string, string>;
  /** The account's working service accounts: when there are any, the form asks who holds the key. */
  holders?: KeyHolderOption[];
  /** The account's plan: the form offers no more than it allows. */
  plan?: PlanBounds;
  /** The templates the form may start from, fitted to the plan (lib/keys/template-choices.ts). */
  templates?: TemplateChoice[];
  /** Saves the form's settings as one of the account's templates; without it the form offers no "Save as template". */
  saveTemplate?: SaveTemplateAction;
  accountName?: string;
}

export interface KeyHolderOption {
  id: string;
  name: string;
  role: string;
}

export function CreateKeyDialog({
  scopeOptions,
  label = "Generate key",
  action,
  hiddenFields = {},
  holders = [],
  plan,
  templates = [],
  saveTemplate,
  accountName,
}: CreateKeyDialogProps) {
  const [open, setOpen] = useState(false);
  const { pending, error, revealed, onSubmit, reset } = useIssueKey(action);
  const formRef = useRef<HTMLFormElement>(null);
  // The chosen template, and a count of choices: the fields are uncontrolled, so a new choice mounts them afresh.
  const [chosen, setChosen] = useState<{ template: TemplateChoice | null; defaults: FormDefaults; version: number }>({
    template: null,
    defaults: DEFAULTS,
    version: 0,
  });

  function onOpenChange(next: boolean) {
    setOpen(next);
    if (!next) {
      reset();
      setChosen({ template: null, defaults: DEFAULTS, version: chosen.version + 1 });
    }
  }

  function choose(template: TemplateChoice | null) {
    // The key's own name and description stay as typed: a template is settings, not a name.
    const form = formRef.current ? new FormData(formRef.current) : null;
    const keep = { name: String(form?.get("name") ?? ""), description: String(form?.get("description") ?? "") };
    const defaults = template ? keyDefaultsFrom(template.settings, keep) : { ...DEFAULTS, ...keep };
    setChosen({ template, defaults, version: chosen.version + 1 });
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button>
          <span aria-hidden>+</span> {label}
        </Button>
      </DialogTrigger>
      {revealed ? (
        <RevealKeyContent revealed={revealed} onDone={() => onOpenChange(false)} />
      ) : (
        <DialogContent title="Generate a new API key" description="The secret is shown once, right after you generate it." wide>
          <form ref={formRef} onSubmit={onSubmit} className="space-y-5" noValidate>
            {Object.entries(hiddenFields).map(([name, value]) => (
              <input key={name} type="hidden" name={name} value={value} />
            ))}
            <FormAlert message={error?.message} />
            {templates.length > 0 && <input type="hidden" name="template" value={chosen.template?.id ?? ""} />}
            {templates.length > 0 && (
              <TemplatePicker
                templates={templates}
                chosen={chosen.template}
                onChoose={choose}
                planName={plan?.maxRequestsPerMinute === null ? undefined : plan?.planName}
                accountName={accountName}
              />
            )}
            <fieldset key={`environment-${chosen.version}`} className="space-y-1.5">
              <legend className="text-sm font-medium text-zinc-800">Environment</legend>
              <div className="grid grid-cols-2 gap-2">
                {(["live", "test"] as const).map((environment) => (
                  <label
                    key={environment}
                    className="flex cursor-pointer items-center gap-2 rounded-md px-3 py-2 text-sm ring-1 ring-zinc-200 ring-inset has-[:checked]:bg-zinc-50 has-[:checked]:ring-2 has-[:checked]:ring-zinc-900"
                  >
                    <input
                      type="radio"
                      name="environment"
                      value={environment}
                      defaultChecked={environment === chosen.defaults.environment}
                      className="accent-zinc-900"
                    />
                    <span>
                      <span className="font-medium capitalize">{environment}</span>
                      <span className="block text-xs text-zinc-500">
                        {environment === "live" ? "Real traffic" : "Development and CI"}
                      </span>
                    </span>
                  </label>
                ))}
              </div>
            </fieldset>
            {holders.length > 0 && (
              <Field
                label="Held by"
                hint="A service account's key does not depend on a person; its role bounds the key's scopes."
                errors={error?.fields?.serviceAccountId}
              >
                {(props) => (
                  <select {...props} name="serviceAccountId" defaultValue="" className={selectClasses}>
                    <option value="">The account (no service account)</option>
                    {holders.map((holder) => (
                      <option key={holder.id} value={holder.id}>
                        {holder.name} (service account, {holder.role})
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            )}
            <KeySettingsFields
              key={`settings-${chosen.version}`}
              scopeOptions={scopeOptions}
              defaults={chosen.defaults}
              errors={error?.fields}
              plan={plan}
            />
            {saveTemplate && <SaveAsTemplate form={() => formRef.current} save={saveTemplate} />}
            <DialogActions confirm="Generate key" pendingLabel="Generating…" pending={pending} divided />
          </form>
        </DialogContent>
      )}
    </Dialog>
  );
}
