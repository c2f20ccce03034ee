import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { auditQueryString, type AuditFilters } from "@/lib/validations/audit-filters";

export function AuditPagination({
  path,
  filters,
  page,
  hasMore,
}: {
  path: string;
  filters: AuditFilters;
  page: number;
  hasMore: boolean;
}) {
  if (page === 1 && !hasMore) return null;
  return (
    <nav aria-label="Pages" className="flex items-center justify-between gap-3 pt-3 text-sm">
      {page > 1 ? (
        <Link href={`${path}${auditQueryString(filters, page - 1)}`} className={buttonClasses("secondary", "sm")} rel="prev">
          ← Newer
        </Link>
      ) : (
        <span />
      )}
      <span className="text-zinc-500">Page {page}</span>
      {hasMore ? (
        <Link href={`${path}${auditQueryString(filters, page + 1)}`} className={buttonClasses("secondary", "sm")} rel="next">
          Older →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
