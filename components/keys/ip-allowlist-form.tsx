"use client";

import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { FieldError, FormAlert, textareaClasses } from "@/components/ui/field";
import { useFormSubmit } from "@/components/ui/use-form-submit";
import type { ActionResult } from "@/lib/http/server-action";
import type { FormAction } from "./key-actions";

interface IpAllowlistFormProps {
  keyId: string;
  allowlist: string[];
  /** The client's own, or an admin's acting for a client (with the client's id in hiddenFields). */
  action: FormAction;
  hiddenFields?: Record<string, string>;
}

export function IpAllowlistForm({ keyId, allowlist, action, hiddenFields = {} }: IpAllowlistFormProps) {
  const [state, onSubmit, pending] = useFormSubmit(async (_previous: ActionResult | null, formData: FormData) => {
    const result = await action(formData);
    if (result.ok) toast.success("IP allowlist saved");
    return result;
  });
  const failed = state && !state.ok ? state : null;
  return (
    <form onSubmit={onSubmit} className="space-y-3" noValidate>
      <input type="hidden" name="keyId" value={keyId} />
      {Object.entries(hiddenFields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <FormAlert message={failed?.error} />
      <label htmlFor="ip-allowlist" className="block text-sm font-medium text-zinc-800">
        Allowed addresses
      </label>
      <textarea
        id="ip-allowlist"
        name="ipAllowlist"
        defaultValue={allowlist.join("\n")}
        rows={3}
        placeholder={"203.0.113.0/24\n2001:db8::/32"}
        aria-invalid={Boolean(failed?.fieldErrors?.ipAllowlist)}
        aria-describedby="ip-allowlist-hint"
        className={`${textareaClasses} font-mono`}
      />
      <p id="ip-allowlist-hint" className="text-xs text-zinc-500">
        One IPv4 or IPv6 address or CIDR block per line. Leave empty to allow requests from anywhere; requests from other
        addresses are refused with 403.
      </p>
      <FieldError errors={failed?.fieldErrors?.ipAllowlist} />
      <div className="flex justify-end">
        <Button type="submit" variant="secondary" disabled={pending}>
          {pending ? "Saving…" : "Save allowlist"}
        </Button>
      </div>
    </form>
  );
}
