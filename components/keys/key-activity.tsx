import type { AuditEvent } from "@/db/schema";
import { auditActionLabel, isDenied } from "@/lib/audit/labels";
import { When } from "@/components/ui/when";

const ACTION_LABELS: Record<string, string> = {
  "key.create": "Created",
  "key.update": "Edited",
  "key.allowlist": "IP allowlist changed",
  "key.roll": "Rolled",
  "key.revoke": "Revoked",
  "key.hide": "Deleted from view",
};

function describeChanges(event: AuditEvent): string | null {
  if (!event.changes) return null;
  if (event.action === "key.update") return Object.keys(event.changes).join(", ");
  // Revoked with the service account that held it (lib/accounts/service-accounts.ts).
  if (event.action === "key.revoke" && event.changes.serviceAccountId) return "its service account was retired";
  return null;
}

export function KeyActivity({ events }: { events: AuditEvent[] }) {
  if (events.length === 0) return <p className="text-sm text-zinc-500">No activity yet.</p>;
  return (
    <ol className="space-y-3">
      {events.map((event) => {
        const changed = describeChanges(event);
        return (
          <li key={event.id} className="flex gap-3 text-sm">
            <span className="mt-1.5 size-2 shrink-0 rounded-full bg-zinc-300" aria-hidden />
            <div>
              <p>
                <span className={`font-medium ${isDenied(event.action) ? "text-red-700" : ""}`}>
                  {ACTION_LABELS[event.action] ?? auditActionLabel(event.action)}
                </span>
                {changed && <span className="text-zinc-600"> ({changed})</span>}
              </p>
              <p className="text-xs text-zinc-500">
                <When date={event.at} show="datetime" />
                {event.ip && ` · ${event.ip}`}
              </p>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
