import type { AuditEvent } from "@/db/schema";
import { formatDateTime } from "@/lib/format";

const ACTION_LABELS: Record<string, string> = {
  "key.create": "Created",
  "key.update": "Edited",
  "key.allowlist": "IP allowlist changed",
  "key.roll": "Rolled",
  "key.revoke": "Revoked",
  "key.hide": "Deleted from view",
};

function describeChanges(event: AuditEvent): string | null {
  if (event.action !== "key.update" || !event.changes) return null;
  return Object.keys(event.changes).join(", ");
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
                <span className="font-medium">{ACTION_LABELS[event.action] ?? event.action}</span>
                {changed && <span className="text-zinc-600"> ({changed})</span>}
              </p>
              <p className="text-xs text-zinc-500">
                {formatDateTime(event.at)}
                {event.ip && ` · ${event.ip}`}
              </p>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
