import { Field, inputClasses } from "@/components/ui/field";
import type { FieldErrors } from "@/lib/errors";

export interface ServiceValues {
  name: string;
  slug: string;
  baseUrl: string;
  timeoutMs: number;
  enabled: boolean;
}

/** The fields a service is made and edited with. */
export function ServiceFields({ values, errors }: { values?: ServiceValues; errors?: FieldErrors }) {
  return (
    <>
      <Field label="Name" errors={errors?.name}>
        {(props) => <input {...props} name="name" defaultValue={values?.name} className={inputClasses} />}
      </Field>
      <Field label="Slug" hint="Its part of the URL: /gw/<slug>/… (lowercase, digits, dashes)" errors={errors?.slug}>
        {(props) => (
          <input {...props} name="slug" defaultValue={values?.slug} className={`${inputClasses} font-mono`} autoComplete="off" />
        )}
      </Field>
      <Field label="Base URL" hint="http(s)://host[:port][/base path]; the caller's path is appended" errors={errors?.baseUrl}>
        {(props) => (
          <input
            {...props}
            name="baseUrl"
            type="url"
            defaultValue={values?.baseUrl}
            placeholder="https://payments.internal/v1"
            className={`${inputClasses} font-mono`}
            autoComplete="off"
          />
        )}
      </Field>
      <Field label="Timeout (ms)" hint="Longest silence from the upstream before 504: 100 to 300000" errors={errors?.timeoutMs}>
        {(props) => (
          <input
            {...props}
            name="timeoutMs"
            type="number"
            inputMode="numeric"
            min={100}
            max={300_000}
            defaultValue={values?.timeoutMs ?? 10_000}
            className={inputClasses}
          />
        )}
      </Field>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="enabled" defaultChecked={values?.enabled ?? true} className="accent-zinc-900" />
        Enabled (a disabled service answers 404 and forwards nothing)
      </label>
    </>
  );
}
