import { DeleteAccountDialog } from "@/components/account/delete-account-dialog";
import { EmailForm } from "@/components/account/email-form";
import { NameForm } from "@/components/account/name-form";
import { PasswordForm } from "@/components/account/password-form";
import { Card } from "@/components/ui/card";
import { findPendingEmailChange } from "@/db/queries/user-tokens";
import { countOtherAdmins } from "@/db/queries/users";
import { deletionPreview } from "@/lib/accounts/user-deletion";
import { requireSession } from "@/lib/http/session";
import { deletionConsequence } from "@/lib/plans/consequences";
import {
  cancelEmailChangeAction,
  changeNameAction,
  changePasswordAction,
  deleteAccountAction,
  requestEmailChangeAction,
} from "./actions";

export const metadata = { title: "Your account" };

export default async function AccountPage() {
  const { user } = await requireSession();
  const [pending, preview, otherAdmins] = await Promise.all([
    findPendingEmailChange(user.id),
    deletionPreview(user.id),
    user.role === "admin" ? countOtherAdmins(user.id) : Promise.resolve(1),
  ]);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Your account</h1>
        <p className="mt-1 text-sm text-zinc-600">
          How you sign in, for every account you belong to. Every change here is in your personal account's audit trail.
        </p>
      </div>
      <Card title="Profile" description="Your name, as your teams see it.">
        <NameForm name={user.name} action={changeNameAction} />
      </Card>
      <Card title="Email" description="A new address must be confirmed from its own inbox before it counts.">
        <EmailForm
          email={user.email}
          pending={pending?.newEmail ? { email: pending.newEmail, expiresAt: pending.expiresAt } : null}
          request={requestEmailChangeAction}
          cancel={cancelEmailChangeAction}
        />
      </Card>
      <Card title="Password" description="We mail your address whenever it changes.">
        <PasswordForm action={changePasswordAction} />
      </Card>
      <Card
        title="Delete account"
        tone="danger"
        description="Accounts you own alone are closed with you; you leave the others. Your audit trail is kept."
      >
        {otherAdmins === 0 ? (
          <p className="text-sm text-zinc-700">
            You are the platform's last admin. Make another person an admin before deleting your account.
          </p>
        ) : (
          <DeleteAccountDialog
            trigger="Delete account"
            title="Delete your account?"
            consequence={deletionConsequence(preview)}
            confirmLabel="Type your email address to confirm"
            confirmHint={user.email}
            askPassword
            action={deleteAccountAction}
            done="Your account was deleted."
            redirectTo="/sign-in?notice=account-deleted"
          />
        )}
      </Card>
    </div>
  );
}
