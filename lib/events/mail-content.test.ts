import { describe, expect, it } from "vitest";
import { eventMail } from "./mail-content";

describe("eventMail", () => {
  it("lets no control character of a key's or an account's name into the subject or break a line", () => {
    const mail = eventMail(
      {
        type: "key.revoked",
        data: { key: { name: "Orders\r\nBcc: victim@example.com", start: "lk_live_AbCd" } },
        keyId: "0b7c9a52-3c47-4c55-9a55-3b1e4e2f7a10",
        occurredAt: new Date("2026-12-03T08:00:00Z"),
      },
      { email: "owner@example.com", accountName: "Acme\u0007\nLtd" },
      "https://keys.example.com/",
    );
    expect(mail.subject).toBe("[Latchkey] Key revoked: OrdersBcc: victim@example.com");
    expect(mail.textBody.split("\n")).toEqual([
      "“OrdersBcc: victim@example.com” (lk_live_AbCd…) was revoked; calls with it are refused.",
      "",
      "Account: AcmeLtd",
      "When: Dec 3, 2026, 08:00 UTC",
      "Key: https://keys.example.com/keys/0b7c9a52-3c47-4c55-9a55-3b1e4e2f7a10",
      "",
      "You get this as a member of AcmeLtd. Choose what reaches you, and how: https://keys.example.com/notifications/settings",
    ]);
  });
});
