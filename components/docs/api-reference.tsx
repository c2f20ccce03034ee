import type { ReferenceObject, ReferenceSection } from "@/lib/api/openapi/reference";
import { ApiOperation } from "./api-operation";
import { FieldTable } from "./field-table";
import { MethodBadge } from "./method-badge";

/** The operations by section, with a table of contents, then the objects their answers contain. */
export function ApiReference({ sections, objects = [] }: { sections: ReferenceSection[]; objects?: ReferenceObject[] }) {
  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-8 lg:grid-cols-[14rem_minmax(0,1fr)]">
      <nav aria-label="Operations" className="lg:sticky lg:top-6 lg:self-start">
        {sections.map((section) => (
          <div key={section.tag} className="mb-4">
            <p className="text-xs font-medium tracking-wide text-zinc-500 uppercase">{section.tag}</p>
            <ul className="mt-1.5 space-y-1">
              {section.operations.map((operation) => (
                <li key={operation.id}>
                  <a
                    href={`#${operation.id}`}
                    className="flex items-center gap-2 rounded px-1 py-0.5 text-sm text-zinc-700 hover:bg-zinc-100 hover:text-zinc-900"
                  >
                    <MethodBadge method={operation.method} />
                    <span className="truncate">{operation.summary}</span>
                  </a>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </nav>
      <div className="space-y-10">
        {sections.map((section) => (
          <section key={section.tag} aria-labelledby={`section-${section.tag}`} className="space-y-4">
            <div>
              <h2 id={`section-${section.tag}`} className="text-lg font-semibold tracking-tight">
                {section.tag}
              </h2>
              <p className="text-sm text-zinc-600">{section.description}</p>
            </div>
            {section.operations.map((operation) => (
              <ApiOperation key={operation.id} operation={operation} />
            ))}
          </section>
        ))}
        {objects.length > 0 && (
          <section aria-labelledby="section-objects" className="space-y-4">
            <h2 id="section-objects" className="text-lg font-semibold tracking-tight">
              Objects
            </h2>
            {objects.map((object) => (
              <div key={object.name} id={`schema-${object.name}`} className="scroll-mt-6">
                <h3 className="mb-2 font-mono text-sm font-semibold">{object.name}</h3>
                <FieldTable fields={object.fields} caption={`Fields of ${object.name}`} />
              </div>
            ))}
          </section>
        )}
      </div>
    </div>
  );
}
