import { describe, expect, it } from "vitest";
import { confirmEmailMail, emailChangedMail, passwordChangedMail, passwordResetMail } from "./account-mail";

describe("account mails", () => {
  it("carry whole links from the base they are given", () => {
    const base = "https://keys.example.com";
    expect(passwordResetMail("a@x.io", base, "TOKEN", 30).textBody).toContain("https://keys.example.com/reset-password/TOKEN");
    expect(passwordResetMail("a@x.io", base, "TOKEN", 30).textBody).toContain("within 30 minutes");
    expect(confirmEmailMail("new@x.io", base, "TOKEN", 24)).toMatchObject({ toAddress: "new@x.io" });
    expect(confirmEmailMail("new@x.io", base, "TOKEN", 24).textBody).toContain(
      "https://keys.example.com/account/confirm-email/TOKEN",
    );
    expect(passwordChangedMail("a@x.io", base, "changed").textBody).toContain(
      "If it wasn't you, reset it now: https://keys.example.com/forgot-password",
    );
  });

  it("never lets an address break a line of the notice", () => {
    expect(emailChangedMail("old@x.io", "http://h", "new@x.io\r\nBcc: evil@x.io").textBody).toContain("new@x.ioBcc: evil@x.io");
  });
});
