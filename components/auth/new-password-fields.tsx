import { Field, inputClasses } from "@/components/ui/field";
import type { FieldErrors } from "@/lib/errors";

/** A new password and its confirmation, as a password change and a reset by mail both ask for them. */
export function NewPasswordFields({ errors }: { errors?: FieldErrors }) {
  return (
    <>
      <Field label="New password" hint="At least 10 characters." errors={errors?.newPassword}>
        {(props) => <input {...props} name="newPassword" type="password" autoComplete="new-password" className={inputClasses} />}
      </Field>
      <Field label="Confirm new password" errors={errors?.confirmPassword}>
        {(props) => (
          <input {...props} name="confirmPassword" type="password" autoComplete="new-password" className={inputClasses} />
        )}
      </Field>
    </>
  );
}
