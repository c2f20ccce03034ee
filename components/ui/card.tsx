export function Card({
  title,
  description,
  actions,
  children,
  tone = "default",
}: {
  title?: string;
  description?: React.ReactNode;
  actions?: React.ReactNode;
  children: React.ReactNode;
  tone?: "default" | "danger";
}) {
  const ring = tone === "danger" ? "ring-red-200" : "ring-zinc-200";
  // Named by its title, so that assistive technology (and the tests) can find the section as a region.
  const titleId = title ? `card-${title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}` : undefined;
  return (
    <section aria-labelledby={titleId} className={`rounded-xl bg-white shadow-sm ring-1 ${ring}`}>
      {(title || actions) && (
        <header className="flex flex-wrap items-start justify-between gap-3 border-b border-zinc-100 px-5 py-4">
          <div>
            {title && (
              <h2 id={titleId} className={`text-base font-semibold ${tone === "danger" ? "text-red-700" : ""}`}>
                {title}
              </h2>
            )}
            {description && <p className="mt-0.5 text-sm text-zinc-600">{description}</p>}
          </div>
          {actions}
        </header>
      )}
      <div className="px-5 py-4">{children}</div>
    </section>
  );
}
