"use client";

import { type FormEvent, useState } from "react";
import { Dialog, DialogActions, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { Button } from "@/components/ui/button";
import { Field, FormAlert, inputClasses, selectClasses } from "@/components/ui/field";
import { useDialogAction } from "@/components/ui/use-dialog-action";
import type { ActionResult } from "@/lib/http/server-action";
import { RATE_LIMIT_BOUNDS } from "@/lib/keys/settings";
import type { ScopeOption } from "@/lib/scopes";
import type { TemplateSettings } from "@/lib/validations/key-template";
import { IpAllowlistField, MetadataField, QuotaFields, RateLimitFields } from "./limit-fields";
import { ScopePicker } from "./scope-picker";

const EXPIRY_CHOICES = [
  ["never", "Never"],
  ["7", "After 7 days"],
  ["30", "After 30 days"],
  ["90", "After 90 days"],
  ["365", "After 1 year"],
  ["days", "After a number of days…"],
] as const;

interface TemplateFormDialogProps {
  trigger: string;
  triggerVariant?: "primary" | "secondary";
  /** The template being edited; absent: a new one. */
  template?: { id: string; plan?: string | null; settings: TemplateSettings };
  scopeOptions: ScopeOption[];
  save: (formData: FormData) => Promise<ActionResult>;
  hiddenFields?: Record<string, string>;
  /** An admin's plan template: the plans it may be for. */
  plans?: readonly string[];
}

/** A template's every setting, to make one or edit it (rename included). */
export function TemplateFormDialog({
  trigger,
  triggerVariant = "primary",
  template,
  scopeOptions,
  save,
  hiddenFields = {},
  plans,
}: TemplateFormDialogProps) {
  const { open, setOpen, pending, error, run } = useDialogAction();
  const settings = template?.settings;
  const days = settings?.expiresInDays ?? null;
  const [expiry, setExpiry] = useState(days === null ? "never" : [7, 30, 90, 365].includes(days) ? String(days) : "days");
  const [window, setWindow] = useState(settings?.rateLimitWindow ?? "minute");
  const bounds = RATE_LIMIT_BOUNDS[window];
  const fields = error?.fields;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    run(
      () => save(data),
      () => ({ message: `Template “${String(data.get("templateName")).trim()}” saved` }),
    );
  }

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant={triggerVariant} size={template ? "sm" : "md"}>
          {trigger}
        </Button>
      </DialogTrigger>
      <DialogContent
        title={template ? `Edit “${settings?.name}”` : "New key template"}
        description="A template fills the generate form; keys already made from it keep their settings."
        wide
      >
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          {Object.entries(hiddenFields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          {template && <input type="hidden" name="templateId" value={template.id} />}
          <FormAlert message={error?.message} />
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Template name" errors={fields?.templateName}>
              {(props) => (
                <input {...props} name="templateName" defaultValue={settings?.name} maxLength={64} className={inputClasses} />
              )}
            </Field>
            {plans ? (
              <Field label="For" hint="The accounts that see it in their generate form." errors={fields?.plan}>
                {(props) => (
                  <select {...props} name="plan" defaultValue={template?.plan ?? "all"} className={selectClasses}>
                    <option value="all">Every plan</option>
                    {plans.map((plan) => (
                      <option key={plan} value={plan}>
                        The {plan} plan
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            ) : (
              <fieldset className="space-y-1.5">
                <legend className="text-sm font-medium text-zinc-800">Environment</legend>
                <EnvironmentChoice value={settings?.environment ?? "live"} />
              </fieldset>
            )}
          </div>
          {plans && (
            <fieldset className="space-y-1.5">
              <legend className="text-sm font-medium text-zinc-800">Environment</legend>
              <EnvironmentChoice value={settings?.environment ?? "live"} />
            </fieldset>
          )}
          <Field label="Description (optional)" errors={fields?.templateDescription}>
            {(props) => (
              <input
                {...props}
                name="templateDescription"
                defaultValue={settings?.description}
                maxLength={200}
                className={inputClasses}
              />
            )}
          </Field>
          <ScopePicker options={scopeOptions} defaultSelected={settings?.scopes ?? []} errors={fields?.scopes} />
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Keys expire" errors={fields?.expiry}>
              {(props) => (
                <select
                  {...props}
                  name="expiry"
                  value={expiry}
                  onChange={(e) => setExpiry(e.target.value)}
                  className={selectClasses}
                >
                  {EXPIRY_CHOICES.map(([value, label]) => (
                    <option key={value} value={value}>
                      {label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {expiry === "days" && (
              <Field label="Days" hint="From when each key is made, up to 1825." errors={fields?.expiresInDays}>
                {(props) => (
                  <input
                    {...props}
                    name="expiresInDays"
                    type="number"
                    inputMode="numeric"
                    min={1}
                    max={1825}
                    defaultValue={days ?? 60}
                    className={inputClasses}
                  />
                )}
              </Field>
            )}
          </div>
          <RateLimitFields
            bounds={bounds}
            hint={`Between ${bounds.min} and ${bounds.max.toLocaleString("en-US")}; a plan's lower limit applies when a key is made.`}
            defaultLimit={settings?.rateLimit ?? 60}
            window={window}
            onWindowChange={setWindow}
            errors={fields}
          />
          <QuotaFields
            hint="Empty: the plan's default."
            defaultLimit={settings?.quota?.limit}
            defaultPeriod={settings?.quota?.period}
            errors={fields}
          />
          <IpAllowlistField
            hint="One address or CIDR block per line. Empty: any address."
            defaultValue={settings?.ipAllowlist ?? []}
            errors={fields}
          />
          <MetadataField
            hint="A JSON object, up to 4 KB, given to every key made from the template."
            placeholder='{"tier": "gold"}'
            defaultValue={settings?.metadata}
            errors={fields}
          />
          <DialogActions confirm={template ? "Save changes" : "Save template"} pendingLabel="Saving…" pending={pending} divided />
        </form>
      </DialogContent>
    </Dialog>
  );
}

function EnvironmentChoice({ value }: { value: "live" | "test" }) {
  return (
    <div className="grid grid-cols-2 gap-2">
      {(["live", "test"] as const).map((environment) => (
        <label
          key={environment}
          className="flex h-10 cursor-pointer items-center gap-2 rounded-md px-3 text-sm ring-1 ring-zinc-200 ring-inset has-[:checked]:bg-zinc-50 has-[:checked]:ring-2 has-[:checked]:ring-zinc-900"
        >
          <input
            type="radio"
            name="environment"
            value={environment}
            defaultChecked={environment === value}
            className="accent-zinc-900"
          />
          <span className="font-medium capitalize">{environment}</span>
        </label>
      ))}
    </div>
  );
}
