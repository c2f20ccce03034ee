import { pageCursor, pageCursorSchema } from "@/lib/validations/page-cursor";
import { listOutbox } from "@/db/queries/mail";
import { env } from "@/lib/infra/env";
import { requireAdmin } from "@/lib/http/session";
import { Card } from "@/components/ui/card";
import { NewestFirstPages } from "@/components/ui/newest-first-pages";
import { MailOutbox } from "@/components/admin/mail-outbox";

export const metadata = { title: "Mail" };

const PAGE_SIZE = 50;

export default async function MailPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireAdmin();
  const before = pageCursorSchema.safeParse((await searchParams).before);
  const { mails, hasMore } = await listOutbox({ before: before.success ? before.data : undefined, limit: PAGE_SIZE });
  const smtp = env().SMTP_URL;
  const last = mails.at(-1);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Mail</h1>
        <p className="mt-1 max-w-2xl text-sm text-zinc-600">
          {smtp
            ? `Every mail Latchkey has sent or is about to send, through ${new URL(smtp).host}. A refused mail is tried again for about a day.`
            : "No SMTP server is set (SMTP_URL), so mail is not sent: each one is written to the server's log and kept here. Times are UTC."}
        </p>
      </div>
      <Card>
        <MailOutbox mails={mails} />
        <NewestFirstPages
          path="/admin/mail"
          paged={before.success}
          olderHref={hasMore && last ? `/admin/mail?before=${pageCursor(last.createdAt, last.id)}` : undefined}
        />
      </Card>
    </div>
  );
}
