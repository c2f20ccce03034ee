import { requireUser } from "@/lib/http/session";
import { DashboardHeader } from "@/components/layout/dashboard-header";
import { signOutAction } from "./actions";

// Dashboard pages show personal data and, briefly, secrets: never cache them anywhere.
export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  return (
    <div className="min-h-screen">
      <DashboardHeader user={{ name: user.name, email: user.email, role: user.role }} signOut={signOutAction} />
      <main className="mx-auto w-full max-w-6xl px-4 py-6 sm:px-6 sm:py-8">{children}</main>
    </div>
  );
}
