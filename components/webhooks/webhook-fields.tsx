import { Field, inputClasses, textareaClasses } from "@/components/ui/field";
import { EVENT_TYPES } from "@/lib/events/catalogue";
import type { FieldErrors } from "@/lib/errors";

export interface WebhookValues {
  url: string;
  description: string;
  eventTypes: string[];
}

const EMPTY: WebhookValues = { url: "", description: "", eventTypes: [] };

/** An endpoint's address, description and event types, as the create and edit forms ask them. */
export function WebhookFields({ values = EMPTY, errors }: { values?: WebhookValues; errors?: FieldErrors }) {
  return (
    <>
      <Field label="Endpoint URL" hint="Events are POSTed here, signed. https:// recommended." errors={errors?.url}>
        {(props) => (
          <input
            {...props}
            name="url"
            type="url"
            required
            defaultValue={values.url}
            placeholder="https://example.com/latchkey-events"
            className={inputClasses}
          />
        )}
      </Field>
      <Field label="Description" hint="Optional: what receives these events." errors={errors?.description}>
        {(props) => (
          <textarea {...props} name="description" maxLength={500} defaultValue={values.description} className={textareaClasses} />
        )}
      </Field>
      <fieldset className="space-y-1.5">
        <legend className="text-sm font-medium text-zinc-800">Events</legend>
        <p className="text-xs text-zinc-500">None ticked: every event, including types added later.</p>
        <div className="grid gap-1.5 sm:grid-cols-2">
          {Object.entries(EVENT_TYPES).map(([type, description]) => (
            <label key={type} className="flex items-start gap-2 text-sm" title={description}>
              <input
                type="checkbox"
                name="eventTypes"
                value={type}
                defaultChecked={values.eventTypes.includes(type)}
                className="mt-0.5 accent-zinc-900"
              />
              <span className="font-mono text-xs break-all text-zinc-800">{type}</span>
            </label>
          ))}
        </div>
        {errors?.eventTypes && <p className="text-sm text-red-600">{errors.eventTypes.join(" ")}</p>}
      </fieldset>
    </>
  );
}
