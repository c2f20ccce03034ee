import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { inputClasses, selectClasses } from "@/components/ui/field";
import { auditActionLabel } from "@/lib/audit/labels";
import { DENIED_ACTIONS, auditQueryString, type AuditFilters } from "@/lib/validations/audit-filters";

interface AuditFiltersFormProps {
  /** Where the form submits: the trail page itself, as a plain GET, so every filtered view has its own URL. */
  path: string;
  exportPath: string;
  filters: AuditFilters;
  actions: string[];
  /** The admin's trail of every client: a filter by client account. */
  withAccount?: boolean;
  problems: string[];
}

function Labelled({ label, htmlFor, children }: { label: string; htmlFor: string; children: React.ReactNode }) {
  return (
    <div className="space-y-1">
      <label htmlFor={htmlFor} className="block text-xs font-medium text-zinc-700">
        {label}
      </label>
      {children}
    </div>
  );
}

export function AuditFiltersForm({ path, exportPath, filters, actions, withAccount, problems }: AuditFiltersFormProps) {
  const actionChoices = [
    ...new Set([...actions, ...(filters.action && filters.action !== DENIED_ACTIONS ? [filters.action] : [])]),
  ];
  return (
    <search aria-label="Filter the audit trail">
      <form method="get" action={path} className="space-y-3">
        {problems.length > 0 && (
          <div role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-inset ring-amber-200">
            <ul className="list-inside list-disc">
              {problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          </div>
        )}
        <div className={`grid grid-cols-2 gap-3 ${withAccount ? "lg:grid-cols-6" : "lg:grid-cols-5"}`}>
          {withAccount && (
            <Labelled label="Client" htmlFor="filter-account">
              <input
                id="filter-account"
                name="account"
                defaultValue={filters.account}
                placeholder="Name, email or id"
                className={inputClasses}
              />
            </Labelled>
          )}
          <Labelled label="Key" htmlFor="filter-key">
            {/* Text, not a list of the account's keys: an account may have 10,000 of them. */}
            <input
              id="filter-key"
              name="key"
              defaultValue={filters.key}
              placeholder="Name, start or id"
              className={inputClasses}
            />
          </Labelled>
          <Labelled label="Actor" htmlFor="filter-actor">
            <input
              id="filter-actor"
              name="actor"
              defaultValue={filters.actor}
              placeholder="Email or key name"
              className={inputClasses}
            />
          </Labelled>
          <Labelled label="Action" htmlFor="filter-action">
            <select id="filter-action" name="action" defaultValue={filters.action ?? ""} className={selectClasses}>
              <option value="">All actions</option>
              <option value={DENIED_ACTIONS}>{auditActionLabel(DENIED_ACTIONS)}</option>
              {actionChoices.map((action) => (
                <option key={action} value={action}>
                  {auditActionLabel(action)}
                </option>
              ))}
            </select>
          </Labelled>
          <Labelled label="From (UTC)" htmlFor="filter-from">
            <input id="filter-from" type="date" name="from" defaultValue={filters.from} className={inputClasses} />
          </Labelled>
          <Labelled label="To (UTC)" htmlFor="filter-to">
            <input id="filter-to" type="date" name="to" defaultValue={filters.to} className={inputClasses} />
          </Labelled>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <button type="submit" className={buttonClasses("primary", "sm")}>
            Apply filters
          </button>
          <Link href={path} className={buttonClasses("ghost", "sm")}>
            Clear
          </Link>
          {/* A plain link: the browser downloads the attachment, nothing runs client-side. */}
          <a
            href={`${exportPath}${auditQueryString(filters)}`}
            className={buttonClasses("secondary", "sm", "sm:ml-auto")}
            download
          >
            Export CSV
          </a>
        </div>
      </form>
    </search>
  );
}
