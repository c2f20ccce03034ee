import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthForm } from "@/components/auth/auth-form";
import { currentUser } from "@/lib/http/session";
import { safeCallbackPath } from "@/lib/validations/account";
import { signInAction } from "../actions";

export const metadata = { title: "Sign in" };

// What the page says after a change that ends on it. Chosen by name from this list, never read from the URL: a link
// cannot make the page say anything else.
const NOTICES: Record<string, string> = {
  "password-reset": "Your password was changed. Sign in with the new one.",
  "account-deleted": "Your account was deleted. The address can be used to sign up again.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; notice?: string }> }) {
  const { callbackUrl, notice } = await searchParams;
  const said = notice && Object.hasOwn(NOTICES, notice) ? NOTICES[notice] : null;
  const next = safeCallbackPath(callbackUrl, "/");
  if (await currentUser()) redirect(next);
  return (
    <>
      <h1 className="text-xl font-semibold">Sign in</h1>
      <p className="mt-1 mb-6 text-sm text-zinc-600">Manage your API keys and see how they are used.</p>
      {said && (
        <p
          role="status"
          className="mb-4 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 ring-1 ring-inset ring-emerald-200"
        >
          {said}
        </p>
      )}
      <AuthForm action={signInAction} mode="sign-in" callbackUrl={next} />
      <p className="mt-3 text-right text-sm">
        <Link href="/forgot-password" className="text-zinc-600 underline underline-offset-2 hover:text-zinc-900">
          Forgot password?
        </Link>
      </p>
      <p className="mt-6 text-center text-sm text-zinc-600">
        No account yet?{" "}
        <Link href={`/sign-up?callbackUrl=${encodeURIComponent(next)}`} className="font-medium text-brand-600 hover:underline">
          Sign up
        </Link>
      </p>
    </>
  );
}
