import type { ReferenceField } from "@/lib/api/openapi/reference";
import { RichText } from "./rich-text";

// A named schema (ApiKey, ApiKey[]) links to where the page lists its fields.
function FieldType({ type }: { type: string }) {
  const name = /^([A-Z]\w*)(\[\])?$/.exec(type)?.[1];
  if (!name) return <>{type}</>;
  return (
    <a href={`#schema-${name}`} className="text-brand-600 hover:underline">
      {type}
    </a>
  );
}

const th = "px-3 py-2 text-left text-xs font-medium tracking-wide text-zinc-500 uppercase";

export function FieldTable({ fields, caption }: { fields: ReferenceField[]; caption: string }) {
  return (
    <div className="overflow-x-auto rounded-lg ring-1 ring-zinc-200">
      <table className="min-w-full divide-y divide-zinc-200 text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-zinc-50/70">
          <tr>
            <th scope="col" className={th}>
              Field
            </th>
            <th scope="col" className={th}>
              Type
            </th>
            <th scope="col" className={th}>
              Description
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {fields.map((field) => (
            <tr key={field.name}>
              <td className="px-3 py-2 align-top whitespace-nowrap">
                <code className="font-mono text-xs font-medium text-zinc-900">{field.name}</code>
                {field.required && <span className="ml-1.5 text-xs text-red-700">required</span>}
              </td>
              <td className="px-3 py-2 align-top font-mono text-xs whitespace-nowrap text-zinc-600">
                <FieldType type={field.type} />
              </td>
              <td className="px-3 py-2 align-top text-zinc-700">
                {field.description && <RichText text={field.description} />}
                {field.rules.length > 0 && <p className="mt-0.5 text-xs text-zinc-500">{field.rules.join(" · ")}</p>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
