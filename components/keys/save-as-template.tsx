"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Field, inputClasses } from "@/components/ui/field";
import type { ActionResult } from "@/lib/http/server-action";

export type SaveTemplateAction = (formData: FormData) => Promise<ActionResult>;

// The generate form's fields a template keeps: never the key's name or description, nor who holds it.
const TEMPLATE_FIELDS = [
  "accountId",
  "environment",
  "expiry",
  "expiresOn",
  "rateLimit",
  "rateLimitWindow",
  "quotaLimit",
  "quotaPeriod",
  "ipAllowlist",
  "metadata",
];

interface SaveAsTemplateProps {
  form: () => HTMLFormElement | null;
  save: SaveTemplateAction;
}

/** "Save as template" under the generate form: the settings filled in now, under a name of their own. */
export function SaveAsTemplate({ form, save }: SaveAsTemplateProps) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [error, setError] = useState<string[] | undefined>();
  const [pending, startTransition] = useTransition();

  function onSave() {
    const element = form();
    if (!element) return;
    const filled = new FormData(element);
    const data = new FormData();
    for (const field of TEMPLATE_FIELDS) {
      const value = filled.get(field);
      if (typeof value === "string") data.set(field, value);
    }
    for (const scope of filled.getAll("scopes")) data.append("scopes", scope);
    data.set("templateName", name);
    startTransition(async () => {
      const result = await save(data);
      if (!result.ok) {
        const fields = result.fieldErrors ?? {};
        // The name's error beside the name; any other (a scope, the rate limit) is about the form above.
        return setError(fields.templateName ?? ([Object.values(fields).flat()[0] ?? result.error].filter(Boolean) as string[]));
      }
      setError(undefined);
      setOpen(false);
      setName("");
      toast.success(`Template “${name.trim()}” saved`);
      router.refresh();
    });
  }

  if (!open) {
    return (
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="text-sm font-medium text-zinc-600 underline-offset-2 hover:underline"
      >
        Save these settings as a template…
      </button>
    );
  }
  return (
    <div className="space-y-2 rounded-lg p-3 ring-1 ring-zinc-200 ring-inset">
      <Field label="Template name" hint="Saves the settings above (not the key's name) for your team's next keys." errors={error}>
        {(props) => (
          <input
            {...props}
            value={name}
            onChange={(event) => setName(event.target.value)}
            onKeyDown={(event) => {
              // Enter saves the template rather than submitting the generate form around it.
              if (event.key === "Enter") {
                event.preventDefault();
                onSave();
              }
            }}
            maxLength={64}
            className={inputClasses}
          />
        )}
      </Field>
      <div className="flex flex-wrap justify-end gap-2">
        <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
          Cancel
        </Button>
        <Button type="button" variant="secondary" onClick={onSave} disabled={pending}>
          {pending ? "Saving…" : "Save template"}
        </Button>
      </div>
    </div>
  );
}
