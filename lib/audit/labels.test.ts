import { describe, expect, it } from "vitest";
import { auditActionLabel } from "./labels";

// Every action the commands write, and those of rows written before accounts: none is shown by its raw name.
const WRITTEN = [
  "session.end",
  "session.end_others",
  "session.end_all",
  "two_factor.enable",
  "two_factor.disable",
  "two_factor.recovery_codes",
  "two_factor.recovery_used",
  "key.create",
  "key.update",
  "key.allowlist",
  "key.roll",
  "key.revoke",
  "key.hide",
  "key.end_secret",
  "key.disable",
  "key.enable",
  "key.write",
  "account.create",
  "account.transfer",
  "account.plan",
  "account.suspend",
  "account.reactivate",
  "account.plan_request",
  "account.plan_request.withdraw",
  "account.plan_request.decline",
  "account.close",
  "account.delete",
  "user.name",
  "user.password_change",
  "user.password_reset_request",
  "user.password_reset",
  "user.email_change_request",
  "user.email_change_cancel",
  "user.email_change",
  "user.delete",
  "member.invite",
  "member.invite.revoke",
  "member.join",
  "member.role",
  "member.remove",
  "member.leave",
  "service_account.create",
  "service_account.retire",
  "user.plan",
  "user.suspend",
  "user.reactivate",
  "admin",
  "audit.export",
  "gateway.service.create",
  "gateway.service.update",
  "gateway.service.rotate",
  "gateway.service.delete",
  "gateway.route.create",
  "gateway.route.update",
  "gateway.route.delete",
  "gateway.route.move",
  "plan.update",
  "template.create",
  "template.update",
  "template.delete",
  "template.view",
  "template.write",
  "scope.create",
  "scope.deprecate",
  "scope.undeprecate",
  "webhook.view",
  "webhook.create",
  "webhook.update",
  "webhook.delete",
  "webhook.roll_secret",
  "webhook.test",
  "webhook.resend",
  "leak.policy",
  "leak.report",
];

describe("auditActionLabel", () => {
  it("labels every written action and its refusal, and no two alike", () => {
    for (const action of WRITTEN) {
      expect(auditActionLabel(action)).not.toBe(action);
      expect(auditActionLabel(`${action}.denied`)).toBe(`${auditActionLabel(action)} (refused)`);
    }
    expect(new Set(WRITTEN.map(auditActionLabel)).size).toBe(WRITTEN.length);
  });

  it("shows an unknown action as it is stored", () => {
    expect(auditActionLabel("something.new")).toBe("something.new");
    expect(auditActionLabel("*.denied")).toBe("Any refused attempt");
  });
});
