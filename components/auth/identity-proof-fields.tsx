"use client";

import { useState } from "react";
import { Field, inputClasses } from "@/components/ui/field";
import type { FieldErrors } from "@/lib/errors";

/** The second factor's field, as sign-in, step-up and the account's proofs ask for it: a TOTP or a recovery code. */
export function AuthenticationCodeField({ errors, autoFocus }: { errors?: FieldErrors; autoFocus?: boolean }) {
  return (
    <Field
      label="Authentication code"
      hint="The 6-digit code from your authenticator app, or one of your recovery codes."
      errors={errors?.code}
    >
      {(props) => (
        <input
          {...props}
          name="code"
          autoComplete="one-time-code"
          autoCapitalize="none"
          spellCheck={false}
          // A ref rather than autoFocus: the field may appear in a form already on screen (sign-in's second step).
          ref={autoFocus ? (node) => node?.focus() : undefined}
          className={inputClasses}
          required
        />
      )}
    </Field>
  );
}

/**
 * The password field, or (with two-factor on) a code field instead, for the forms that ask the person to prove who
 * they are again. The form holds `password` or `code`, whichever is shown: its reader needs no other state.
 */
export function IdentityProofFields({
  twoFactor,
  errors,
  autoFocus,
  onSwitch,
}: {
  twoFactor: boolean;
  errors?: FieldErrors;
  autoFocus?: boolean;
  /** Told when the person switches between password and code (a form clears its error). */
  onSwitch?: () => void;
}) {
  const [withCode, setWithCode] = useState(false);
  return (
    <div className="space-y-2">
      {withCode ? (
        <AuthenticationCodeField errors={errors} autoFocus={autoFocus} />
      ) : (
        <Field label="Password" errors={errors?.password}>
          {(props) => (
            <input
              {...props}
              name="password"
              type="password"
              autoComplete="current-password"
              ref={autoFocus ? (node) => node?.focus() : undefined}
              className={inputClasses}
              required
            />
          )}
        </Field>
      )}
      {twoFactor && (
        <button
          type="button"
          className="text-sm font-medium text-brand-600 hover:underline"
          onClick={() => {
            setWithCode(!withCode);
            onSwitch?.();
          }}
        >
          {withCode ? "Use your password instead" : "Use a code from your authenticator app instead"}
        </button>
      )}
    </div>
  );
}
