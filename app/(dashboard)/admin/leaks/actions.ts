"use server";

import { revalidatePath } from "next/cache";
import type { LeakOutcome } from "@/db/schema";
import { authedAction } from "@/lib/http/server-action";
import { handleLeakReport } from "@/lib/leaks/handle-report";
import { setLeakPolicy } from "@/lib/leaks/policy";
import { adminLeakReportSchema, leakPolicySchema } from "@/lib/validations/leaks";

// The admin area's leak reports: an admin reports a key someone found (handled exactly as a scanner's report, with
// the admin as the actor), and chooses the policy. The pasted key goes no further than this request: the answer
// names the outcome and the key's id, never the key.

export const reportLeakAction = authedAction(
  adminLeakReportSchema,
  async ({ token, url }, { actor }) => {
    const [verdict] = await handleLeakReport({ via: "admin", actor }, [{ token, url, type: "pasted" }]);
    revalidatePath("/admin/leaks");
    return { ok: true, outcome: verdict.outcome as LeakOutcome, keyId: verdict.keyId };
  },
  // Revokes (or rolls) a client's key: an admin action on a client's keys, as every other one asks for step-up.
  { role: "admin", audit: "leak.report", stepUp: true },
);

export const setLeakPolicyAction = authedAction(
  leakPolicySchema,
  async (policy, { actor }) => {
    await setLeakPolicy(actor, policy);
    revalidatePath("/admin/leaks");
    return { ok: true };
  },
  { role: "admin", audit: "leak.policy" },
);
