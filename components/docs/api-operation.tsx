import type { ReferenceOperation } from "@/lib/api/openapi/reference";
import { FieldTable } from "./field-table";
import { MethodBadge } from "./method-badge";
import { RichText } from "./rich-text";

function Subheading({ children }: { children: React.ReactNode }) {
  return <h4 className="mb-2 text-sm font-semibold text-zinc-800">{children}</h4>;
}

export function ApiOperation({ operation }: { operation: ReferenceOperation }) {
  const headingId = `op-${operation.id}`;
  return (
    <section
      id={operation.id}
      aria-labelledby={headingId}
      className="scroll-mt-6 rounded-xl bg-white shadow-sm ring-1 ring-zinc-200"
    >
      <header className="border-b border-zinc-100 px-5 py-4">
        <h3 id={headingId} className="text-base font-semibold">
          {operation.summary}
        </h3>
        <div className="mt-2 flex flex-wrap items-center gap-2">
          <MethodBadge method={operation.method} />
          <code className="font-mono text-sm break-all text-zinc-900">/api/v1{operation.path}</code>
        </div>
        <p className="mt-2 text-sm text-zinc-600">
          {operation.scopes === null ? (
            "No key needed."
          ) : operation.scopes.length === 0 ? (
            "Any valid key."
          ) : (
            <>
              Needs{" "}
              {operation.scopes.map((scope, i) => (
                <span key={scope}>
                  {i > 0 && " and "}
                  <code className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-700">{scope}</code>
                </span>
              ))}
              .
            </>
          )}
        </p>
      </header>
      <div className="space-y-5 px-5 py-4">
        <p className="text-sm text-zinc-700">
          <RichText text={operation.description} />
        </p>
        {operation.parameters.length > 0 && (
          <div>
            <Subheading>Parameters</Subheading>
            <FieldTable fields={operation.parameters} caption={`Parameters of ${operation.summary}`} />
          </div>
        )}
        {operation.body && (
          <div>
            <Subheading>Request body{operation.body.required ? "" : " (optional)"}</Subheading>
            <FieldTable fields={operation.body.fields} caption={`Request body of ${operation.summary}`} />
          </div>
        )}
        <div>
          <Subheading>Responses</Subheading>
          <ul className="space-y-3">
            {operation.responses.map((response) => (
              <li key={response.status} className="text-sm">
                <p>
                  <span
                    className={`mr-2 inline-block rounded px-1.5 py-0.5 font-mono text-xs font-semibold ${
                      Number(response.status) < 400 ? "bg-emerald-50 text-emerald-700" : "bg-zinc-100 text-zinc-700"
                    }`}
                  >
                    {response.status}
                  </span>
                  <span className="text-zinc-700">
                    <RichText text={response.description} />
                  </span>
                </p>
                {response.fields.length > 0 && (
                  <div className="mt-2">
                    <FieldTable fields={response.fields} caption={`Response ${response.status} of ${operation.summary}`} />
                  </div>
                )}
              </li>
            ))}
          </ul>
        </div>
        <div>
          <Subheading>Example</Subheading>
          {/* Focusable, so that a keyboard can scroll a line wider than the page (axe: scrollable-region-focusable). */}
          <pre
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus to be scrolled by keyboard
            tabIndex={0}
            className="overflow-x-auto rounded-md bg-zinc-900 p-3 text-xs leading-relaxed text-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-zinc-400"
          >
            <code>{operation.curl}</code>
          </pre>
        </div>
      </div>
    </section>
  );
}
