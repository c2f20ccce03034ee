import Link from "next/link";

/**
 * The links under a newest-first list read a page at a time: back to the newest (when not there), and on to older
 * entries (`olderHref`, when there are more).
 */
export function NewestFirstPages({ path, paged, olderHref }: { path: string; paged: boolean; olderHref?: string }) {
  if (!paged && !olderHref) return null;
  return (
    <nav aria-label="Pages" className="mt-4 flex justify-between border-t border-zinc-100 pt-4 text-sm">
      {paged ? (
        <Link href={path} className="underline underline-offset-2">
          Newest
        </Link>
      ) : (
        <span />
      )}
      {olderHref && (
        <Link href={olderHref} className="underline underline-offset-2">
          Older
        </Link>
      )}
    </nav>
  );
}
