"use client";

import { useState } from "react";
import { Field, inputClasses } from "@/components/ui/field";
import type { FieldErrors } from "@/lib/errors";

/**
 * The password field, or (with two-factor on) a code field instead, for the forms that ask the person to prove who
 * they are again. The form reads `password` or `code`, whichever is shown.
 */
export function IdentityProofFields({ twoFactor, errors }: { twoFactor: boolean; errors?: FieldErrors }) {
  const [withCode, setWithCode] = useState(false);
  return (
    <div className="space-y-2">
      {withCode ? (
        <Field label="Authentication code" hint="From your authenticator app, or a recovery code." errors={errors?.code}>
          {(props) => (
            <input
              {...props}
              name="code"
              autoComplete="one-time-code"
              autoCapitalize="none"
              spellCheck={false}
              className={inputClasses}
              required
            />
          )}
        </Field>
      ) : (
        <Field label="Password" errors={errors?.password}>
          {(props) => (
            <input {...props} name="password" type="password" autoComplete="current-password" className={inputClasses} required />
          )}
        </Field>
      )}
      {twoFactor && (
        <button
          type="button"
          className="text-sm font-medium text-brand-600 hover:underline"
          onClick={() => setWithCode(!withCode)}
        >
          {withCode ? "Use your password instead" : "Use a code instead"}
        </button>
      )}
    </div>
  );
}
