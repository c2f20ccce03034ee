"use client";

import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormAlert, inputClasses } from "@/components/ui/field";
import { useSavingForm } from "@/components/ui/use-form-submit";
import type { LeakOutcome } from "@/db/schema";
import type { ActionResult } from "@/lib/http/server-action";
import { LEAK_OUTCOME_WORDS } from "./leak-outcomes";

type ReportResult = ActionResult<{ outcome: LeakOutcome; keyId: string | null }>;

/** An admin pastes a key someone found and where; the key field is emptied as soon as the report is handled. */
export function ReportLeakForm({ report }: { report: (formData: FormData) => Promise<ReportResult> }) {
  const tokenRef = useRef<HTMLInputElement>(null);
  const [done, setDone] = useState<LeakOutcome | null>(null);
  const { failed, onSubmit, pending } = useSavingForm(report, "Report handled", (result) => {
    if (tokenRef.current) tokenRef.current.value = "";
    setDone(result.outcome);
  });
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <FormAlert message={failed?.error} />
      <Field label="Key that was found" hint="Used once to find the key, then forgotten." errors={failed?.fieldErrors?.token}>
        {(props) => (
          <input
            {...props}
            ref={tokenRef}
            name="token"
            type="password"
            className={`${inputClasses} font-mono`}
            autoComplete="off"
            spellCheck={false}
          />
        )}
      </Field>
      <Field label="Where it was found" hint="https://…" errors={failed?.fieldErrors?.url}>
        {(props) => <input {...props} name="url" type="url" className={inputClasses} autoComplete="off" />}
      </Field>
      {done && (
        <p role="status" className="rounded-md bg-zinc-50 px-3 py-2 text-sm text-zinc-800 ring-1 ring-inset ring-zinc-200">
          {LEAK_OUTCOME_WORDS[done].long}
        </p>
      )}
      <div className="flex justify-end">
        <Button type="submit" disabled={pending}>
          {pending ? "Reporting…" : "Report leak"}
        </Button>
      </div>
    </form>
  );
}

/** The policy: revoke, or roll with a grace in minutes. */
export function LeakPolicyForm({
  policy,
  save,
}: {
  policy: { action: "revoke" | "roll"; graceMinutes: number };
  save: (formData: FormData) => Promise<ActionResult>;
}) {
  const [action, setAction] = useState(policy.action);
  const { failed, onSubmit, pending } = useSavingForm(save, "Policy saved");
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <FormAlert message={failed?.error} />
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-zinc-800">When a live key of ours is reported</legend>
        <label className="flex items-start gap-2 text-sm">
          <input
            type="radio"
            name="action"
            value="revoke"
            checked={action === "revoke"}
            onChange={() => setAction("revoke")}
            className="mt-0.5 accent-zinc-900"
          />
          <span>Revoke it at once (the owner creates a new key)</span>
        </label>
        <label className="flex items-start gap-2 text-sm">
          <input
            type="radio"
            name="action"
            value="roll"
            checked={action === "roll"}
            onChange={() => setAction("roll")}
            className="mt-0.5 accent-zinc-900"
          />
          <span>Roll it: the leaked secret works for a short grace, then stops; the owner rolls again to get a working one</span>
        </label>
      </fieldset>
      <Field
        label="Grace (minutes)"
        hint="How long a leaked secret keeps working after a roll: 1 to 1440."
        errors={failed?.fieldErrors?.graceMinutes}
      >
        {(props) => (
          <input
            {...props}
            name="graceMinutes"
            type="number"
            min={1}
            max={1440}
            defaultValue={policy.graceMinutes}
            className={`${inputClasses} w-32`}
          />
        )}
      </Field>
      <div className="flex justify-end">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save policy"}
        </Button>
      </div>
    </form>
  );
}
