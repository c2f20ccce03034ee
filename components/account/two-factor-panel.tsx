"use client";

import { useRouter } from "next/navigation";
import { toast } from "sonner";
import type { ActionResult } from "@/lib/http/server-action";
import { EnrolTwoFactor, type EnrolActions } from "./enrol-two-factor";
import { ProofDialog } from "./proof-dialog";
import { RecoveryCodesReveal } from "./recovery-codes-reveal";

export interface TwoFactorActions extends EnrolActions {
  disable: (input: Record<string, string>) => Promise<ActionResult>;
  regenerate: (input: Record<string, string>) => Promise<ActionResult<{ recoveryCodes: string[] }>>;
}

interface TwoFactorPanelProps {
  enabled: boolean;
  recoveryCodesLeft: number;
  actions: TwoFactorActions;
}

/** Two-factor sign-in: off, with the way to turn it on; or on, with the recovery codes left and the ways out. */
export function TwoFactorPanel({ enabled, recoveryCodesLeft, actions }: TwoFactorPanelProps) {
  const router = useRouter();
  if (!enabled) {
    return (
      <div className="space-y-3">
        <p className="text-sm text-zinc-600">
          Off. With it on, signing in asks for a code from an app on your phone as well as your password, so a leaked password
          alone does not let anyone in.
        </p>
        <EnrolTwoFactor actions={actions} />
      </div>
    );
  }
  return (
    <div className="space-y-4">
      <p className="text-sm text-zinc-700">
        <span className="mr-2 rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-700 ring-1 ring-emerald-200 ring-inset">
          On
        </span>
        Signing in asks for a code from your authenticator app.
      </p>
      <p className={`text-sm ${recoveryCodesLeft <= 2 ? "font-medium text-amber-800" : "text-zinc-600"}`}>
        {recoveryCodesLeft === 1 ? "1 recovery code left" : `${recoveryCodesLeft} recovery codes left`}
        {recoveryCodesLeft <= 2 && ": make new ones before you run out."}
      </p>
      <div className="flex flex-wrap gap-2">
        <ProofDialog
          trigger="New recovery codes"
          title="Make new recovery codes?"
          description="The codes you have now stop working. Confirm it is you first."
          confirm="Make new codes"
          twoFactor
          action={actions.regenerate}
          onDone={(result, close) => (
            <RecoveryCodesReveal
              title="Your new recovery codes"
              codes={result.recoveryCodes}
              onDone={() => {
                close();
                toast.success("New recovery codes made");
                router.refresh();
              }}
            />
          )}
        />
        <ProofDialog
          trigger="Turn off"
          title="Turn off two-factor sign-in?"
          description="Signing in will ask for your password only, and your recovery codes stop working."
          confirm="Turn off"
          tone="danger"
          twoFactor
          action={actions.disable}
          onDone={() => {
            toast.success("Two-factor sign-in is off");
            router.refresh();
            return null;
          }}
        />
      </div>
    </div>
  );
}
