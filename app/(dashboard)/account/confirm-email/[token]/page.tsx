import Link from "next/link";
import { ConfirmEmailForm } from "@/components/account/confirm-email-form";
import { Card } from "@/components/ui/card";
import { emailChangeLink } from "@/lib/accounts/email-change";
import { requireSession } from "@/lib/http/session";
import { oneTimeTokenSchema } from "@/lib/validations/profile";
import { confirmEmailChangeAction } from "../../actions";

export const metadata = { title: "Confirm your new email address" };

export default async function ConfirmEmailPage({ params }: { params: Promise<{ token: string }> }) {
  // Signed out, the proxy sends the person to sign in and back here.
  const { user } = await requireSession();
  const parsed = oneTimeTokenSchema.safeParse((await params).token);
  const link = parsed.success
    ? await emailChangeLink(user.id, parsed.data)
    : { ok: false as const, message: "This link is not valid. Copy the whole link from the mail." };
  return (
    <div className="mx-auto max-w-xl space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Confirm your new email address</h1>
      <Card>
        {link.ok && parsed.success ? (
          <div className="space-y-4">
            <p className="text-sm text-zinc-700">
              You, <span className="font-medium break-all">{user.email}</span>, will sign in with{" "}
              <span className="font-medium break-all">{link.email}</span> from now on. Your old address is told.
            </p>
            <ConfirmEmailForm token={parsed.data} email={link.email} action={confirmEmailChangeAction} />
          </div>
        ) : (
          <div className="space-y-3 text-sm text-zinc-700">
            <p role="alert">{link.ok ? "" : link.message}</p>
            <Link href="/account" className="font-medium text-brand-600 hover:underline">
              Your account
            </Link>
          </div>
        )}
      </Card>
    </div>
  );
}
