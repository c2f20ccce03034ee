import Link from "next/link";
import { pageCursor, pageCursorSchema } from "@/lib/validations/page-cursor";
import { listInbox, newestArrival } from "@/db/queries/notifications";
import { requireSession } from "@/lib/http/session";
import { Card } from "@/components/ui/card";
import { NewestFirstPages } from "@/components/ui/newest-first-pages";
import { buttonClasses } from "@/components/ui/button";
import { InboxList } from "@/components/notifications/inbox-list";
import { INBOX_HEADING_ID, MarkReadButton } from "@/components/notifications/mark-read-button";
import { markReadAction } from "./actions";
import { unreadCount } from "../unread-count";

export const metadata = { title: "Notifications" };

const PAGE_SIZE = 50;

export default async function NotificationsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { user, account } = await requireSession();
  const cursor = pageCursorSchema.safeParse((await searchParams).before);
  const owner = { userId: user.id, accountId: account.id };
  const [{ entries, hasMore }, unread, shownAt] = await Promise.all([
    listInbox(owner, { before: cursor.success ? cursor.data : undefined, limit: PAGE_SIZE }),
    unreadCount(user.id, account.id),
    // "Mark all read" marks what had arrived when the page was shown, not what arrives while it is on screen.
    newestArrival(user.id, account.id),
  ]);
  const last = entries.at(-1);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h1 id={INBOX_HEADING_ID} tabIndex={-1} className="text-2xl font-semibold tracking-tight outline-none">
            Notifications
          </h1>
          <p className="mt-1 text-sm text-zinc-600">
            What happened to the keys of {account.name}, and what is about to: {unread === 0 ? "all read" : `${unread} unread`}.
            Times are UTC.
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {unread > 0 && (
            <MarkReadButton
              markRead={markReadAction}
              accountId={account.id}
              shownAt={shownAt ?? undefined}
              label="Mark all read"
            />
          )}
          <Link href="/notifications/settings" className={buttonClasses("secondary", "sm")}>
            Choose what you get
          </Link>
        </div>
      </div>
      <Card>
        <InboxList entries={entries} accountId={account.id} markRead={markReadAction} />
        <NewestFirstPages
          path="/notifications"
          paged={cursor.success}
          olderHref={hasMore && last ? `/notifications?before=${pageCursor(last.occurredAt, last.id)}` : undefined}
        />
      </Card>
    </div>
  );
}
