import Link from "next/link";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";
import { resetLinkProblem, resetLinkProblemMessage } from "@/lib/accounts/password-reset";
import { oneTimeTokenSchema } from "@/lib/validations/profile";
import { resetPasswordAction } from "../../password-actions";

export const metadata = { title: "Choose a new password" };

// Every visit reads the link's state now: never a cached page.
export const dynamic = "force-dynamic";

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const parsed = oneTimeTokenSchema.safeParse((await params).token);
  const problem = parsed.success ? await resetLinkProblem(parsed.data) : "unknown";
  return (
    <>
      <h1 className="text-xl font-semibold">Choose a new password</h1>
      {problem || !parsed.success ? (
        <div className="mt-4 space-y-4 text-sm">
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-red-700 ring-1 ring-inset ring-red-200">
            {resetLinkProblemMessage(problem || "unknown")}
          </p>
          <Link href="/forgot-password" className="font-medium text-brand-600 hover:underline">
            Ask for a new link
          </Link>
        </div>
      ) : (
        <>
          <p className="mt-1 mb-6 text-sm text-zinc-600">You'll sign in with it next; nobody is signed in by this link.</p>
          <ResetPasswordForm token={parsed.data} action={resetPasswordAction} />
        </>
      )}
    </>
  );
}
