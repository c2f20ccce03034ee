import { differenceInMilliseconds } from "date-fns";

export type KeyStatus = "active" | "expiring" | "expired" | "disabled" | "revoked";

// A key this close to its expiry is flagged so that its owner rolls or extends it in time.
export const EXPIRING_SOON_MS = 7 * 24 * 60 * 60 * 1000;

export function keyStatus(
  key: { revokedAt: Date | null; disabledAt: Date | null; expiresAt: Date | null },
  now = new Date(),
): KeyStatus {
  if (key.revokedAt) return "revoked";
  if (key.disabledAt) return "disabled";
  if (!key.expiresAt) return "active";
  const remaining = differenceInMilliseconds(key.expiresAt, now);
  if (remaining <= 0) return "expired";
  return remaining <= EXPIRING_SOON_MS ? "expiring" : "active";
}

export const STATUS_LABELS: Record<KeyStatus, string> = {
  active: "Active",
  expiring: "Expiring soon",
  expired: "Expired",
  disabled: "Disabled",
  revoked: "Revoked",
};
