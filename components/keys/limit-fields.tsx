"use client";

import { Field, inputClasses, selectClasses, textareaClasses } from "@/components/ui/field";
import type { FieldErrors } from "@/lib/errors";
import { USAGE_QUOTA_BOUNDS, type UsageQuotaPeriod } from "@/lib/keys/settings";

// The fields a key's settings and a template's share: rate limit, usage quota, IP allowlist and metadata. Each form
// says in its hints what an empty field means for it (a key: the plan's default quota; a template: the same, when a
// key is made from it).

type Window = "minute" | "hour";

export function RateLimitFields({
  bounds,
  hint,
  defaultLimit,
  window,
  onWindowChange,
  errors,
}: {
  bounds: { min: number; max: number };
  hint: string;
  defaultLimit: number;
  /** Controlled: the bounds follow the window. */
  window: Window;
  onWindowChange: (window: Window) => void;
  errors?: FieldErrors;
}) {
  return (
    <div className="grid grid-cols-[1fr_auto] gap-2">
      <Field label="Rate limit" hint={hint} errors={errors?.rateLimit}>
        {(props) => (
          <input
            {...props}
            name="rateLimit"
            type="number"
            inputMode="numeric"
            min={bounds.min}
            max={bounds.max}
            defaultValue={defaultLimit}
            className={inputClasses}
          />
        )}
      </Field>
      <Field label="Per" errors={errors?.rateLimitWindow}>
        {(props) => (
          <select
            {...props}
            name="rateLimitWindow"
            value={window}
            onChange={(e) => onWindowChange(e.target.value as Window)}
            className={selectClasses}
          >
            <option value="minute">minute</option>
            <option value="hour">hour</option>
          </select>
        )}
      </Field>
    </div>
  );
}

export function QuotaFields({
  hint,
  defaultLimit,
  defaultPeriod,
  errors,
}: {
  hint: string;
  defaultLimit: number | null | undefined;
  defaultPeriod: UsageQuotaPeriod | null | undefined;
  errors?: FieldErrors;
}) {
  return (
    <div className="grid grid-cols-[1fr_auto] gap-2">
      <Field label="Usage quota (optional)" hint={hint} errors={errors?.quotaLimit}>
        {(props) => (
          <input
            {...props}
            name="quotaLimit"
            type="number"
            inputMode="numeric"
            min={USAGE_QUOTA_BOUNDS.min}
            max={USAGE_QUOTA_BOUNDS.max}
            defaultValue={defaultLimit ?? ""}
            className={inputClasses}
          />
        )}
      </Field>
      <Field label="Quota per" errors={errors?.quotaPeriod}>
        {(props) => (
          <select {...props} name="quotaPeriod" defaultValue={defaultPeriod ?? "month"} className={selectClasses}>
            <option value="day">day</option>
            <option value="month">month</option>
            <option value="total">in total</option>
          </select>
        )}
      </Field>
    </div>
  );
}

export function IpAllowlistField({ hint, defaultValue, errors }: { hint: string; defaultValue: string[]; errors?: FieldErrors }) {
  return (
    <Field label="IP allowlist (optional)" hint={hint} errors={errors?.ipAllowlist}>
      {(props) => (
        <textarea
          {...props}
          name="ipAllowlist"
          rows={2}
          spellCheck={false}
          placeholder="203.0.113.0/24"
          defaultValue={defaultValue.join("\n")}
          className={`${textareaClasses} font-mono text-xs`}
        />
      )}
    </Field>
  );
}

export function MetadataField({
  hint,
  placeholder,
  defaultValue,
  errors,
}: {
  hint: string;
  placeholder: string;
  defaultValue: Record<string, unknown> | undefined;
  errors?: FieldErrors;
}) {
  return (
    <Field label="Metadata (optional)" hint={hint} errors={errors?.metadata}>
      {(props) => (
        <textarea
          {...props}
          name="metadata"
          rows={3}
          spellCheck={false}
          placeholder={placeholder}
          defaultValue={defaultValue && Object.keys(defaultValue).length > 0 ? JSON.stringify(defaultValue, null, 2) : ""}
          className={`${textareaClasses} font-mono text-xs`}
        />
      )}
    </Field>
  );
}
