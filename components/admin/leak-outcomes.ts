import type { LeakOutcome } from "@/db/schema";

// Each outcome of a reported token in words: short for the log, long for the answer to the admin's own report.
export const LEAK_OUTCOME_WORDS: Record<LeakOutcome, { short: string; long: string; tone: string }> = {
  revoked: {
    short: "Revoked",
    long: "A live key of ours: it was revoked and its owner told.",
    tone: "bg-red-100 text-red-800",
  },
  rolled: {
    short: "Rolled",
    long: "A live key of ours: it was rolled (the leaked secret stops after the grace) and its owner told.",
    tone: "bg-amber-100 text-amber-800",
  },
  secret_ended: {
    short: "Old secret ended",
    long: "An old secret of a key of ours, still in its grace: it stops after the policy's grace (the key's current secret is not affected) and its owner was told.",
    tone: "bg-amber-100 text-amber-800",
  },
  already_handled: {
    short: "Already handled",
    long: "A key of ours that an earlier report already dealt with: nothing more was done.",
    tone: "bg-zinc-200 text-zinc-700",
  },
  inactive: {
    short: "Inactive key",
    long: "A key of ours that was already revoked or rolled out: nothing was done.",
    tone: "bg-zinc-200 text-zinc-700",
  },
  unknown: {
    short: "Unknown",
    long: "Not a key of ours: nothing was done.",
    tone: "bg-zinc-100 text-zinc-600",
  },
};
