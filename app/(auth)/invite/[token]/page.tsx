import Link from "next/link";
import { redirect } from "next/navigation";
import { findInvitation, invitationProblem, invitationProblemMessage } from "@/lib/accounts/invitations";
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from "@/lib/accounts/roles";
import { currentSession } from "@/lib/http/session";
import { invitationTokenSchema } from "@/lib/validations/members";
import { AcceptInvitationForm } from "@/components/team/accept-invitation-form";
import { acceptInvitationAction } from "./actions";

export const metadata = { title: "Invitation" };
// Shows who invited whom: never cached.
export const dynamic = "force-dynamic";

function Refusal({ title, message, signedInAs }: { title: string; message: string; signedInAs?: string }) {
  return (
    <>
      <h1 className="text-xl font-semibold">{title}</h1>
      <p className="mt-2 text-sm text-zinc-600">{message}</p>
      {signedInAs && <p className="mt-2 text-sm [overflow-wrap:anywhere] text-zinc-600">You are signed in as {signedInAs}.</p>}
      <Link href="/keys" className="mt-6 inline-block text-sm font-medium text-brand-600 hover:underline">
        Go to your keys
      </Link>
    </>
  );
}

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const parsed = invitationTokenSchema.safeParse((await params).token);
  if (!parsed.success) return <Refusal title="Invitation not found" message="This invitation link is not valid." />;
  const token = parsed.data;
  const session = await currentSession();
  // Sign-in follows same-site paths only (safeCallbackPath), and brings the person back here.
  if (!session) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/invite/${token}`)}`);

  const found = await findInvitation(token);
  if (!found) return <Refusal title="Invitation not found" message="This invitation link is not valid." />;
  const problem = invitationProblem(found, session.user);
  if (problem) {
    return (
      <Refusal
        title="This invitation cannot be used"
        message={invitationProblemMessage(problem)}
        signedInAs={problem === "wrong_email" ? session.user.email : undefined}
      />
    );
  }
  const { invitation, accountName, invitedByName } = found;
  return (
    <>
      <h1 className="text-xl font-semibold break-words">Join {accountName}</h1>
      <p className="mt-2 text-sm [overflow-wrap:anywhere] text-zinc-600">
        {invitedByName ?? "A member"} invited {invitation.email} to join{" "}
        <strong className="font-medium text-zinc-900">{accountName}</strong> as{" "}
        <strong className="font-medium text-zinc-900">{ROLE_LABELS[invitation.role].toLowerCase()}</strong>.
      </p>
      <p className="mt-2 mb-6 text-sm text-zinc-500">{ROLE_DESCRIPTIONS[invitation.role]}</p>
      <AcceptInvitationForm token={token} action={acceptInvitationAction} />
    </>
  );
}
