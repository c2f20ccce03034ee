"use client";

import { useState } from "react";
import { addDays } from "date-fns";
import { Field, inputClasses, selectClasses, textareaClasses } from "@/components/ui/field";
import { IpAllowlistField, MetadataField, QuotaFields, RateLimitFields } from "./limit-fields";
import type { FieldErrors } from "@/lib/errors";
import { RATE_LIMIT_BOUNDS, type UsageQuotaPeriod } from "@/lib/keys/settings";
import { formatDate, isoDay } from "@/lib/format";
import type { ScopeOption } from "@/lib/scopes";
import { ScopePicker } from "./scope-picker";

export interface KeySettingsDefaults {
  name: string;
  description: string;
  scopes: string[];
  rateLimit: number;
  rateLimitWindow: "minute" | "hour";
  /** The usage quota (an allowance per UTC day, month or in total); null limit: none (or, creating: the plan's default). */
  quotaLimit?: number | null;
  quotaPeriod?: UsageQuotaPeriod | null;
  /** Set when editing: the expiry the key has now, offered as "keep". */
  currentExpiresAt?: Date | null;
  metadata?: Record<string, unknown>;
  /** Creating: the expiry to start with (a template's), else in 90 days; and the IP allowlist. */
  expiry?: string;
  expiresOn?: string;
  ipAllowlist?: string[];
}

const EXPIRY_LABELS = [
  ["never", "Never"],
  ["7", "In 7 days"],
  ["30", "In 30 days"],
  ["90", "In 90 days"],
  ["365", "In 1 year"],
  ["date", "On a date…"],
] as const;

/** The account's plan, as far as the form bounds what it offers by it (the command checks again). */
export interface PlanBounds {
  planName: string;
  /** Null: no plan bounds the account (the platform's own). */
  maxRequestsPerMinute: number | null;
}

interface KeySettingsFieldsProps {
  scopeOptions: ScopeOption[];
  defaults: KeySettingsDefaults;
  errors?: FieldErrors;
  editing?: boolean;
  plan?: PlanBounds;
}

/** The rate limit the form allows per window: the product's bound, or the plan's if that is lower. */
export function rateLimitBound(window: "minute" | "hour", plan?: PlanBounds): { min: number; max: number; byPlan: boolean } {
  const bounds = RATE_LIMIT_BOUNDS[window];
  const planMax = plan?.maxRequestsPerMinute == null ? null : plan.maxRequestsPerMinute * (window === "hour" ? 60 : 1);
  return planMax !== null && planMax < bounds.max
    ? { min: bounds.min, max: planMax, byPlan: true }
    : { ...bounds, byPlan: false };
}

/** The settings a key is made with and edited by; the create dialog adds the environment. */
export function KeySettingsFields({ scopeOptions, defaults, errors, editing, plan }: KeySettingsFieldsProps) {
  const [expiry, setExpiry] = useState<string>(editing ? "keep" : (defaults.expiry ?? "90"));
  const [window, setWindow] = useState(defaults.rateLimitWindow);
  const tomorrow = isoDay(addDays(new Date(), 1));
  const bounds = rateLimitBound(window, plan);

  return (
    <div className="space-y-4">
      <Field label="Name" hint="Helps you recognise the key, e.g. where it is used." errors={errors?.name}>
        {(props) => <input {...props} name="name" defaultValue={defaults.name} className={inputClasses} />}
      </Field>
      <Field label="Description (optional)" errors={errors?.description}>
        {(props) => (
          <textarea {...props} name="description" defaultValue={defaults.description} rows={2} className={textareaClasses} />
        )}
      </Field>
      <ScopePicker options={scopeOptions} defaultSelected={defaults.scopes} errors={errors?.scopes} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Expires" errors={errors?.expiry}>
          {(props) => (
            <select {...props} name="expiry" value={expiry} onChange={(e) => setExpiry(e.target.value)} className={selectClasses}>
              {editing && <option value="keep">Keep ({formatDate(defaults.currentExpiresAt ?? null, "never")})</option>}
              {EXPIRY_LABELS.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        {expiry === "date" && (
          <Field label="Expiry date (UTC)" errors={errors?.expiresOn}>
            {(props) => (
              <input
                {...props}
                type="date"
                name="expiresOn"
                min={tomorrow}
                defaultValue={defaults.expiresOn ?? isoDay(addDays(new Date(), 30))}
                className={inputClasses}
              />
            )}
          </Field>
        )}
      </div>
      <RateLimitFields
        bounds={bounds}
        hint={`Between ${bounds.min} and ${bounds.max.toLocaleString("en-US")} requests${bounds.byPlan ? ` (the ${plan?.planName} plan's limit)` : ""}.`}
        defaultLimit={defaults.rateLimit}
        window={window}
        onWindowChange={setWindow}
        errors={errors}
      />
      <QuotaFields
        hint={`Requests allowed per UTC day, per calendar month or in total, beside the rate limit. Empty: ${editing ? "no quota" : "your plan's default"}.`}
        defaultLimit={defaults.quotaLimit}
        defaultPeriod={defaults.quotaPeriod}
        errors={errors}
      />
      {!editing && (
        <IpAllowlistField
          hint="Addresses or CIDR blocks the key may be used from, one per line. Empty: any address."
          defaultValue={defaults.ipAllowlist ?? []}
          errors={errors}
        />
      )}
      <MetadataField
        hint="Your own data about the key as a JSON object (a customer id, a tier), up to 4 KB: returned with the key and by verify."
        placeholder='{"customer": "cus_123"}'
        defaultValue={defaults.metadata}
        errors={errors}
      />
    </div>
  );
}
