/** `deprecated` names the catalogue's deprecated scopes: a key keeps them, and they are marked as such. */
export function ScopeList({ scopes, max, deprecated = [] }: { scopes: string[]; max?: number; deprecated?: string[] }) {
  const shown = max ? scopes.slice(0, max) : scopes;
  const hidden = scopes.length - shown.length;
  return (
    <ul className="flex flex-wrap gap-1" aria-label="Scopes">
      {shown.map((scope) => (
        <li
          key={scope}
          className={`rounded px-1.5 py-0.5 font-mono text-xs ${deprecated.includes(scope) ? "bg-amber-50 text-amber-800 line-through decoration-amber-400" : "bg-zinc-100 text-zinc-700"}`}
          title={deprecated.includes(scope) ? "Deprecated: kept on this key, no longer granted to new keys" : undefined}
        >
          {scope}
          {deprecated.includes(scope) && <span className="ml-1 font-sans no-underline">(deprecated)</span>}
        </li>
      ))}
      {hidden > 0 && (
        <li className="px-1 py-0.5 text-xs text-zinc-500" title={scopes.slice(shown.length).join(", ")}>
          +{hidden} more
        </li>
      )}
    </ul>
  );
}
