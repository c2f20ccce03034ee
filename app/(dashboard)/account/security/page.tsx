import { Card } from "@/components/ui/card";
import { SessionsList } from "@/components/account/sessions-list";
import { TwoFactorPanel } from "@/components/account/two-factor-panel";
import { describeDevice } from "@/lib/auth/device";
import { listSessions } from "@/lib/auth/sessions";
import { twoFactorStatus } from "@/lib/auth/two-factor";
import { requireSession } from "@/lib/http/session";
import {
  confirmEnrolmentAction,
  disableTwoFactorAction,
  endOtherSessionsAction,
  endSessionAction,
  regenerateRecoveryCodesAction,
  startEnrolmentAction,
} from "./actions";

export const metadata = { title: "Sign-in and security" };

export default async function AccountSecurityPage() {
  const { user, sessionId } = await requireSession();
  const [sessions, twoFactor] = await Promise.all([listSessions(user.id), twoFactorStatus(user.id)]);
  const rows = sessions
    .map((session) => ({
      id: session.id,
      device: describeDevice(session.userAgent),
      ip: session.ip,
      createdAt: session.createdAt,
      lastSeenAt: session.lastSeenAt,
      current: session.id === sessionId,
    }))
    // This session first, then the most recently seen.
    .sort((a, b) => Number(b.current) - Number(a.current));
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Sign-in and security</h1>
        <p className="mt-1 text-sm text-zinc-600">How you sign in as {user.email}, and where you are signed in now.</p>
      </div>
      <Card title="Two-factor sign-in" description="A code from an app on your phone, asked for after your password.">
        <TwoFactorPanel
          enabled={twoFactor.enabled}
          recoveryCodesLeft={twoFactor.recoveryCodesLeft}
          actions={{
            start: startEnrolmentAction,
            confirm: confirmEnrolmentAction,
            disable: disableTwoFactorAction,
            regenerate: regenerateRecoveryCodesAction,
          }}
        />
      </Card>
      <Card title="Signed-in sessions" description="Each browser signed in to your account in the last 8 hours.">
        <SessionsList sessions={rows} endSession={endSessionAction} endOthers={endOtherSessionsAction} />
      </Card>
    </div>
  );
}
