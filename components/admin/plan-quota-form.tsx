"use client";

import { Button } from "@/components/ui/button";
import { Field, FormAlert, inputClasses, selectClasses } from "@/components/ui/field";
import { useSavingForm } from "@/components/ui/use-form-submit";
import type { ActionResult } from "@/lib/http/server-action";
import type { UsageQuotaPeriod } from "@/lib/keys/settings";

interface PlanQuotaFormProps {
  plan: string;
  defaults: { defaultQuotaLimit: number | null; defaultQuotaPeriod: UsageQuotaPeriod | null; maxQuotaPerMonth: number | null };
  save: (formData: FormData) => Promise<ActionResult>;
}

/** A plan's usage quota default and monthly maximum; an empty field means none. */
export function PlanQuotaForm({ plan, defaults, save }: PlanQuotaFormProps) {
  const { failed, onSubmit, pending } = useSavingForm(save, `Plan ${plan} saved`);
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <input type="hidden" name="plan" value={plan} />
      <FormAlert message={failed?.error} />
      <div className="grid grid-cols-[1fr_auto] gap-2">
        <Field label="Default usage quota" hint="Empty: new keys get none." errors={failed?.fieldErrors?.defaultQuotaLimit}>
          {(props) => (
            <input
              {...props}
              name="defaultQuotaLimit"
              type="number"
              inputMode="numeric"
              min={1}
              defaultValue={defaults.defaultQuotaLimit ?? ""}
              className={inputClasses}
            />
          )}
        </Field>
        <Field label="Per" errors={failed?.fieldErrors?.defaultQuotaPeriod}>
          {(props) => (
            <select
              {...props}
              name="defaultQuotaPeriod"
              defaultValue={defaults.defaultQuotaPeriod ?? "month"}
              className={selectClasses}
            >
              <option value="day">day</option>
              <option value="month">month</option>
              <option value="total">in total</option>
            </select>
          )}
        </Field>
      </div>
      <Field
        label="Maximum per month"
        hint="Empty: no maximum. With one, every key of the plan needs a quota."
        errors={failed?.fieldErrors?.maxQuotaPerMonth}
      >
        {(props) => (
          <input
            {...props}
            name="maxQuotaPerMonth"
            type="number"
            inputMode="numeric"
            min={1}
            defaultValue={defaults.maxQuotaPerMonth ?? ""}
            className={inputClasses}
          />
        )}
      </Field>
      <div className="flex justify-end">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save"}
        </Button>
      </div>
    </form>
  );
}
