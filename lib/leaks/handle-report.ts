import "server-only";
import { randomUUID } from "node:crypto";
import { getDb, type Transaction } from "@/db";
import { findKeyForAccount } from "@/db/queries/keys";
import { findSecretByHash, insertLeakReport, secretAlreadyHandled, secretEnd } from "@/db/queries/leaks";
import type { AuditChanges, LeakOutcome, LeakReportVia } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { keySummary, recordEvent } from "@/lib/events/record";
import { env } from "@/lib/infra/env";
import { changingKeys } from "@/lib/keys/change-notifications";
import { parseKey } from "@/lib/keys/format";
import { hashKey } from "@/lib/keys/hash";
import { endOldSecretWithin, revokeKeysWithin, rollKeyWithin } from "@/lib/keys/lifecycle";
import type { ReportedToken } from "@/lib/validations/leaks";
import { currentLeakPolicy, type LeakPolicy } from "./policy";

// A leak report, token by token: each is looked up by its hash (as verification does); a secret of ours that still
// works, or would again (an expired key extended, a suspended account reactivated), has its key revoked or rolled by
// the admins' policy, with the audit row, the key's own event, a `key.leaked` event for its owner and the report's
// log row in one transaction. The answer per token is GitHub's label: true_positive for a key of ours that was live
// when reported (now or in an earlier report of the same secret), false_positive for anything else, saying nothing
// more: no id, no name, no owner. Only an authenticated reporter (GitHub's signature, the token, an admin) gets this
// far, and an unknown token still costs a lookup and a logged transaction: what a known one costs beyond that is the
// revocation itself, which cannot be skipped.

export interface LeakReporter {
  via: LeakReportVia;
  /** Acts on the keys: no user or key of the account, an admin's powers, the reporter's address. */
  actor: Actor;
}

export type LeakLabel = "true_positive" | "false_positive";

export interface TokenVerdict {
  /** SHA-256 of the token, hex: how GitHub's feedback names a token without repeating it. */
  tokenHash: string;
  tokenType: string;
  label: LeakLabel;
  outcome: LeakOutcome;
  /** For the admin area only; never in a scanner's answer. */
  keyId: string | null;
}

const TRUE_POSITIVE: ReadonlySet<LeakOutcome> = new Set(["revoked", "rolled", "secret_ended", "already_handled"]);

/** Handles every token of one report, one after the other (each its own transaction); answers in the same order. */
export async function handleLeakReport(reporter: LeakReporter, tokens: ReportedToken[]): Promise<TokenVerdict[]> {
  const reportId = randomUUID();
  const policy = await currentLeakPolicy();
  const verdicts: TokenVerdict[] = [];
  for (const token of tokens) {
    const tokenHash = hashKey(token.token);
    const { outcome, keyId } = await handleToken(reporter, reportId, policy, token, tokenHash);
    verdicts.push({
      tokenHash,
      tokenType: token.type,
      label: TRUE_POSITIVE.has(outcome) ? "true_positive" : "false_positive",
      outcome,
      keyId,
    });
  }
  return verdicts;
}

async function handleToken(
  reporter: LeakReporter,
  reportId: string,
  policy: LeakPolicy,
  token: ReportedToken,
  tokenHash: string,
): Promise<{ outcome: LeakOutcome; keyId: string | null }> {
  const logged = {
    reportId,
    via: reporter.via,
    reportedBy: reporter.via === "admin" ? reporter.actor.userId : null,
    tokenType: token.type,
    url: token.url,
    foundIn: token.source ?? null,
  };
  // The shape and checksum first, as verification does: what cannot be a key of ours costs no lookup (the format is
  // public, so this tells nothing). Every token is logged in a transaction of its own, known or not.
  const found = parseKey(token.token, env().KEY_PREFIX) ? await findSecretByHash(tokenHash) : undefined;
  if (!found) {
    const db = await getDb();
    await db.transaction((tx) => insertLeakReport(tx, { ...logged, outcome: "unknown" }));
    return { outcome: "unknown", keyId: null };
  }
  const ref = { keyId: found.keyId, accountId: found.accountId };
  return changingKeys({ keyId: ref.keyId }, async (tx) => {
    const outcome = await actOnKey(tx, reporter, policy, token, ref, found);
    await insertLeakReport(tx, { ...logged, ...ref, secretId: found.secretId, outcome });
    return { outcome, keyId: ref.keyId };
  });
}

async function actOnKey(
  tx: Transaction,
  reporter: LeakReporter,
  policy: LeakPolicy,
  token: ReportedToken,
  ref: { keyId: string; accountId: string },
  { secretId, secretStart }: { secretId: string; secretStart: string },
): Promise<LeakOutcome> {
  // Locked first, so that two reports of the same secret at once take turns and the second finds the first's row.
  const key = await findKeyForAccount(ref, tx, { forUpdate: true });
  if (await secretAlreadyHandled(tx, secretId)) return "already_handled";
  const endsAt = await secretEnd(tx, secretId);
  // A hidden key is a revoked one (findKeyForAccount leaves it out).
  if (!key || key.revokedAt || endsAt === undefined || (endsAt && endsAt <= new Date())) return "inactive";

  // The leaked secret's visible start, so that the owner knows which of the key's secrets was found.
  const found = {
    via: reporter.via,
    url: token.url,
    type: token.type,
    ...(token.source && { source: token.source }),
    secretStart,
  };
  const why: AuditChanges = { leakReport: { to: found } };
  if (policy.action === "revoke") {
    await revokeKeysWithin(tx, reporter.actor, ref.accountId, [ref.keyId], why);
    await recordEvent(tx, leakedEvent(key, ref.accountId, found, { action: "revoked" }));
    return "revoked";
  }
  const graceSeconds = policy.graceMinutes * 60;
  if (endsAt !== null) {
    // An old secret, rolled out and still in its grace: the owner's current secret was not the one published, so
    // only the old one is ended (within the grace, or sooner if it already ends sooner).
    const leakedSecretEndsAt = await endOldSecretWithin(
      tx,
      reporter.actor,
      ref,
      { id: secretId, start: secretStart },
      graceSeconds,
      why,
    );
    await recordEvent(
      tx,
      leakedEvent(key, ref.accountId, found, {
        action: "secret_ended",
        leakedSecretEndsAt: leakedSecretEndsAt?.toISOString() ?? null,
      }),
    );
    return "secret_ended";
  }
  // The new secret is never shown to anyone: the owner rolls the key again to get one they can use, and that roll
  // cannot lengthen the leaked secret's life (a roll only ever shortens an end already set).
  await rollKeyWithin(tx, reporter.actor, ref, key, graceSeconds, why);
  const leakedSecretEndsAt = await secretEnd(tx, secretId);
  // Named by the start the owner knows it by (`key` as it was), not the unseen new secret's.
  await recordEvent(
    tx,
    leakedEvent(key, ref.accountId, found, {
      action: "rolled",
      leakedSecretEndsAt: leakedSecretEndsAt?.toISOString() ?? null,
    }),
  );
  return "rolled";
}

function leakedEvent(
  key: Parameters<typeof keySummary>[0],
  accountId: string,
  found: Record<string, string>,
  done: { action: "revoked" | "rolled" | "secret_ended"; leakedSecretEndsAt?: string | null },
) {
  return {
    accountId,
    keyId: key.id,
    type: "key.leaked" as const,
    data: { key: keySummary(key), actor: { type: "leak_report", via: found.via }, found, ...done },
  };
}
