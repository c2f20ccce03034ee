import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthForm } from "@/components/auth/auth-form";
import { currentUser } from "@/lib/http/session";
import { safeCallbackPath } from "@/lib/validations/account";
import { signInAction } from "../actions";

export const metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  const next = safeCallbackPath(callbackUrl, "/");
  if (await currentUser()) redirect(next);
  return (
    <>
      <h1 className="text-xl font-semibold">Sign in</h1>
      <p className="mt-1 mb-6 text-sm text-zinc-600">Manage your API keys and see how they are used.</p>
      <AuthForm action={signInAction} mode="sign-in" callbackUrl={next} />
      <p className="mt-6 text-center text-sm text-zinc-600">
        No account yet?{" "}
        <Link href={`/sign-up?callbackUrl=${encodeURIComponent(next)}`} className="font-medium text-brand-600 hover:underline">
          Sign up
        </Link>
      </p>
    </>
  );
}
