import Link from "next/link";
import type { AuditListRow } from "@/db/queries/audit-list";
import { auditActionLabel, isDenied } from "@/lib/audit/labels";
import { formatExact } from "@/lib/format";
import { AuditChangesDetails } from "./audit-changes";

function Actor({ row }: { row: AuditListRow }) {
  if (row.actorKeyId) {
    return (
      <span>
        Key {row.actorKeyName ? <span className="font-medium">{row.actorKeyName}</span> : "(another account's key)"}
        {row.actorKeyStart && <span className="font-mono text-zinc-500"> {row.actorKeyStart}…</span>}
      </span>
    );
  }
  if (row.actorEmail) return <span className="break-all">{row.actorEmail}</span>;
  if (row.actorUserId) return <span>{row.actorIsAdmin ? "An administrator" : "Someone outside the account"}</span>;
  // A scanner's leak report acts as no one: its changes say where the key was found.
  if (row.changes?.leakReport) return <span>Leak report</span>;
  return <span>Command line</span>;
}

interface AuditListProps {
  rows: AuditListRow[];
  /** Target keys link to their page only in a client's own trail. */
  linkKeys: boolean;
  /** The admin's trail of every client: which account each row is about. */
  showAccount?: boolean;
}

export function AuditList({ rows, linkKeys, showAccount }: AuditListProps) {
  if (rows.length === 0) return <p className="py-6 text-center text-sm text-zinc-500">No events match these filters.</p>;
  return (
    <ol className="divide-y divide-zinc-100" aria-label="Audit events">
      {rows.map((row) => (
        <li key={row.id} className="grid gap-x-4 gap-y-1 py-3 text-sm sm:grid-cols-[12rem_minmax(0,1fr)_minmax(0,14rem)]">
          <div className="text-xs text-zinc-500 sm:pt-0.5">
            {/* To the second, in the format of every other date: a trail is read for the order of things. */}
            <time dateTime={row.at.toISOString()}>{formatExact(row.at)}</time>
            <span className="ml-2 font-mono sm:ml-0 sm:block">#{row.id}</span>
          </div>
          <div className="min-w-0">
            <p className="flex flex-wrap items-baseline gap-x-2">
              <span className={`font-medium ${isDenied(row.action) ? "text-red-700" : ""}`}>{auditActionLabel(row.action)}</span>
              {row.keyId && (
                <span className="text-zinc-600">
                  {linkKeys && row.keyName ? (
                    <Link
                      href={`/keys/${row.keyId}`}
                      className="underline decoration-zinc-300 underline-offset-2 hover:decoration-zinc-600"
                    >
                      {row.keyName}
                    </Link>
                  ) : (
                    <span title={row.keyId}>{row.keyName ?? `key ${row.keyId.slice(0, 8)}…`}</span>
                  )}
                </span>
              )}
            </p>
            <p className="text-xs text-zinc-600">
              by <Actor row={row} />
              {showAccount && (
                <span>
                  {" "}
                  · client <span className="break-all">{row.ownerEmail ?? row.accountName ?? row.accountId ?? "none"}</span>
                </span>
              )}
            </p>
            <AuditChangesDetails changes={row.changes} />
          </div>
          <div className="min-w-0 text-xs text-zinc-500">
            <p className="font-mono">{row.ip ?? "no address"}</p>
            {row.userAgent && (
              <p className="truncate" title={row.userAgent}>
                {row.userAgent}
              </p>
            )}
          </div>
        </li>
      ))}
    </ol>
  );
}
