import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { SearchForm } from "@/components/ui/search-form";
import { formatCount } from "@/lib/format";

const hrefOf = (path: string, params: Record<string, string | undefined>) => {
  const query = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => Boolean(entry[1])));
  return query.size > 0 ? `${path}?${query}` : path;
};

/** Search the account's keys by name or visible start, with how many match. A plain GET form: the URL is the state. */
export function KeyListControls({
  path = "/keys",
  q,
  total,
  shown,
  after,
}: {
  /** The page listing the keys: the client's /keys, or the admin's page of a client. */
  path?: string;
  q: string;
  total: number;
  shown: number;
  after?: string;
}) {
  return (
    <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between">
      <SearchForm action={path} id="key-search" label="Search keys" placeholder="Name or start of the key" q={q} />
      <p className="text-sm text-zinc-600" aria-live="polite">
        {after ? `${formatCount(shown)} more of ` : `${formatCount(shown)} of `}
        {formatCount(total)} key{total === 1 ? "" : "s"}
        {q && <> matching “{q}”</>}
        {q && (
          <>
            {" "}
            ·{" "}
            <Link href={path} className="underline hover:text-zinc-900">
              all keys
            </Link>
          </>
        )}
      </p>
    </div>
  );
}

/** Newest first, a page at a time: the next page starts after this page's last key. */
export function KeyListPager({
  path = "/keys",
  q,
  after,
  nextAfter,
}: {
  path?: string;
  q: string;
  after?: string;
  nextAfter: string | null;
}) {
  return (
    <nav aria-label="Pages" className="flex justify-between gap-2">
      {after ? (
        <Link href={hrefOf(path, { q })} className={buttonClasses("secondary", "sm")}>
          ← Newest keys
        </Link>
      ) : (
        <span />
      )}
      {nextAfter && (
        <Link href={hrefOf(path, { q, after: nextAfter })} className={buttonClasses("secondary", "sm")}>
          Older keys →
        </Link>
      )}
    </nav>
  );
}
