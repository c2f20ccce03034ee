import Link from "next/link";
import { ForgotPasswordForm } from "@/components/auth/forgot-password-form";
import { forgotPasswordAction } from "../password-actions";

export const metadata = { title: "Forgot password" };

export default function ForgotPasswordPage() {
  return (
    <>
      <h1 className="text-xl font-semibold">Forgot your password?</h1>
      <p className="mt-1 mb-6 text-sm text-zinc-600">
        Enter the address you sign in with and we'll mail you a link to choose a new one.
      </p>
      <ForgotPasswordForm action={forgotPasswordAction} />
      <p className="mt-6 text-center text-sm text-zinc-600">
        Remembered it?{" "}
        <Link href="/sign-in" className="font-medium text-brand-600 hover:underline">
          Sign in
        </Link>
      </p>
    </>
  );
}
