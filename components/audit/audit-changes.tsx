import type { AuditChanges } from "@/db/schema";

function show(value: unknown): string {
  if (value === undefined) return "—";
  if (value === null || value === "") return "(none)";
  if (Array.isArray(value)) return value.length === 0 ? "(none)" : value.join(", ");
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** The before and after of each changed field, behind a disclosure so that long lists stay scannable. */
export function AuditChangesDetails({ changes }: { changes: AuditChanges | null }) {
  const fields = Object.entries(changes ?? {});
  if (fields.length === 0) return null;
  return (
    <details className="group mt-1 text-xs">
      <summary className="cursor-pointer text-zinc-600 select-none hover:text-zinc-900">
        {fields.length === 1 ? "1 field" : `${fields.length} fields`}: {fields.map(([name]) => name).join(", ")}
      </summary>
      <div className="mt-2 overflow-x-auto">
        <table className="w-full min-w-[18rem] text-left">
          <thead className="text-zinc-500">
            <tr>
              <th scope="col" className="py-1 pr-3 font-medium">
                Field
              </th>
              <th scope="col" className="py-1 pr-3 font-medium">
                Before
              </th>
              <th scope="col" className="py-1 font-medium">
                After
              </th>
            </tr>
          </thead>
          <tbody className="font-mono break-all text-zinc-800">
            {fields.map(([name, change]) => (
              <tr key={name} className="border-t border-zinc-100 align-top">
                <th scope="row" className="py-1 pr-3 font-sans font-medium">
                  {name}
                </th>
                <td className="py-1 pr-3">{"from" in change ? show(change.from) : "—"}</td>
                <td className="py-1">{"to" in change ? show(change.to) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
