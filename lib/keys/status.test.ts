import { describe, expect, it } from "vitest";
import { EXPIRING_SOON_MS, STATUS_LABELS, keyStatus } from "./status";

const now = new Date("2030-06-15T12:00:00Z");
const at = (offsetMs: number) => new Date(now.getTime() + offsetMs);

describe("keyStatus", () => {
  it("is active when the key never expires", () => {
    expect(keyStatus({ revokedAt: null, disabledAt: null, expiresAt: null }, now)).toBe("active");
  });

  it("is revoked whatever the expiry, once revoked", () => {
    expect(keyStatus({ revokedAt: at(-1000), disabledAt: null, expiresAt: null }, now)).toBe("revoked");
    expect(keyStatus({ revokedAt: at(-1000), disabledAt: null, expiresAt: at(-5000) }, now)).toBe("revoked");
    expect(keyStatus({ revokedAt: at(-1000), disabledAt: null, expiresAt: at(EXPIRING_SOON_MS * 10) }, now)).toBe("revoked");
  });

  it("is disabled while disabled, unless revoked since: disabling is reversible, revoking is not", () => {
    expect(keyStatus({ revokedAt: null, disabledAt: at(-1000), expiresAt: at(EXPIRING_SOON_MS * 10) }, now)).toBe("disabled");
    expect(keyStatus({ revokedAt: null, disabledAt: at(-1000), expiresAt: at(-1) }, now)).toBe("disabled");
    expect(keyStatus({ revokedAt: at(-1), disabledAt: at(-1000), expiresAt: null }, now)).toBe("revoked");
  });

  it.each([
    ["expired", -1, "expired"],
    ["expiring at this very moment", 0, "expired"],
    ["one millisecond from expiry", 1, "expiring"],
    ["exactly seven days from expiry", EXPIRING_SOON_MS, "expiring"],
    ["just over seven days from expiry", EXPIRING_SOON_MS + 1, "active"],
    ["a year from expiry", 365 * 24 * 60 * 60 * 1000, "active"],
  ] as const)("of a key %s is %s", (_label, offset, status) => {
    expect(keyStatus({ revokedAt: null, disabledAt: null, expiresAt: at(offset) }, now)).toBe(status);
  });

  it("has a label for every status", () => {
    expect(Object.keys(STATUS_LABELS).sort()).toEqual(["active", "disabled", "expired", "expiring", "revoked"]);
  });
});
