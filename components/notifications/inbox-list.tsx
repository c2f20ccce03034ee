import Link from "next/link";
import type { InboxEntry } from "@/db/queries/notifications";
import { describeEvent } from "@/lib/events/describe";
import { type MarkRead, MarkReadButton } from "./mark-read-button";
import { When } from "@/components/ui/when";

/** The inbox, newest first: unread entries are marked by a dot and bold text, and can be marked read one by one. */
export function InboxList({ entries, accountId, markRead }: { entries: InboxEntry[]; accountId: string; markRead: MarkRead }) {
  if (entries.length === 0) {
    return (
      <p className="text-sm text-zinc-600">Nothing yet. Changes to this account’s keys, and warnings about them, appear here.</p>
    );
  }
  return (
    <ul aria-label="Notifications" className="-my-2 divide-y divide-zinc-100">
      {entries.map((entry) => {
        const { title, detail } = describeEvent(entry.type, entry.data);
        const unread = entry.readAt === null;
        return (
          <li key={entry.id} className="flex items-start gap-3 py-3">
            <span aria-hidden className={`mt-1.5 size-2 shrink-0 rounded-full ${unread ? "bg-sky-600" : "bg-transparent"}`} />
            <div className="min-w-0 flex-1">
              <p className={`text-sm ${unread ? "font-semibold text-zinc-900" : "font-medium text-zinc-700"}`}>
                {title}
                {unread && <span className="sr-only"> (unread)</span>}
              </p>
              {detail && <p className="mt-0.5 text-sm break-words text-zinc-600">{detail}</p>}
              <p className="mt-1 text-xs text-zinc-500">
                <When date={entry.occurredAt} show="datetime" />
                {entry.keyId && (
                  <>
                    {" · "}
                    <Link href={`/keys/${entry.keyId}`} className="underline underline-offset-2 hover:text-zinc-800">
                      View key
                    </Link>
                  </>
                )}
              </p>
            </div>
            {unread && (
              <MarkReadButton
                markRead={markRead}
                accountId={accountId}
                notificationId={entry.id}
                entryTitle={title}
                label="Mark read"
              />
            )}
          </li>
        );
      })}
    </ul>
  );
}
