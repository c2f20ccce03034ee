import { requireSession } from "@/lib/http/session";
import { ROLE_LABELS } from "@/lib/accounts/roles";
import { DashboardHeader } from "@/components/layout/dashboard-header";
import { StepUpProvider } from "@/components/auth/step-up";
import { hasTwoFactor } from "@/lib/auth/two-factor";
import { reauthenticateAction, signOutAction, switchAccountAction } from "./actions";
import { unreadCount } from "./unread-count";

// Dashboard pages show personal data and, briefly, secrets: never cache them anywhere.
export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const { user, account, memberships } = await requireSession();
  const [unread, twoFactor] = await Promise.all([unreadCount(user.id, account.id), hasTwoFactor(user.id)]);
  return (
    <div className="min-h-screen">
      <DashboardHeader
        user={{ name: user.name, email: user.email, role: user.role }}
        accounts={memberships.map((m) => ({ id: m.account.id, name: m.account.name, role: ROLE_LABELS[m.role] }))}
        currentAccountId={account.id}
        unread={unread}
        signOut={signOutAction}
        switchAccount={switchAccountAction}
      />
      <main className="mx-auto w-full max-w-6xl px-4 py-6 sm:px-6 sm:py-8">
        {/* Sensitive actions anywhere below may ask for the password again (step-up) and then carry on. */}
        <StepUpProvider reauthenticate={reauthenticateAction} twoFactor={twoFactor}>
          {children}
        </StepUpProvider>
      </main>
    </div>
  );
}
