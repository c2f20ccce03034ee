const LABELS: Record<string, string> = {
  "key.create": "Key created",
  "key.update": "Key edited",
  "key.allowlist": "IP allowlist changed",
  "key.roll": "Key rolled",
  "key.end_secret": "Old secret ended early",
  "key.disable": "Key disabled",
  "key.enable": "Key enabled",
  "key.revoke": "Key revoked",
  "key.hide": "Key deleted from view",
  // A dashboard key action refused for the member's role, before it is known which one.
  "key.write": "Key change",
  "account.create": "Organisation created",
  "account.transfer": "Ownership transferred",
  "account.plan": "Plan changed",
  "account.suspend": "Account suspended",
  "account.reactivate": "Account reactivated",
  "account.plan_request": "Plan requested",
  "account.plan_request.withdraw": "Plan request withdrawn",
  "account.plan_request.decline": "Plan request declined",
  "account.close": "Account closed",
  // An admin's deletion of a client; only its refusal is written under this name (the deletion itself is
  // account.close or user.delete).
  "account.delete": "Client deleted",
  // Written before accounts (migration 0011), when a plan and a suspension were a user's; the trail is chained, so
  // these rows keep their names.
  "user.plan": "Plan changed (user, before teams)",
  "user.suspend": "Account suspended (user, before teams)",
  "user.reactivate": "Account reactivated (user, before teams)",
  "user.name": "Name changed",
  "user.password_change": "Password changed",
  "user.password_reset_request": "Password reset requested",
  "user.password_reset": "Password reset",
  "user.email_change_request": "Email change requested",
  "user.email_change_cancel": "Email change cancelled",
  "user.email_change": "Email changed",
  "user.delete": "Person deleted",
  "member.invite": "Member invited",
  "member.invite.revoke": "Invitation revoked",
  "member.join": "Invitation accepted",
  "member.role": "Member's role changed",
  "member.remove": "Member removed",
  "member.leave": "Member left",
  "service_account.create": "Service account created",
  "service_account.retire": "Service account retired",
  admin: "Admin action",
  "audit.export": "Audit trail exported",
  "gateway.service.create": "Gateway service created",
  "gateway.service.update": "Gateway service edited",
  "gateway.service.rotate": "Gateway signing secret rotated",
  "gateway.service.delete": "Gateway service deleted",
  "gateway.route.create": "Gateway rule added",
  "gateway.route.update": "Gateway rule edited",
  "gateway.route.delete": "Gateway rule deleted",
  "gateway.route.move": "Gateway rule moved",
  "plan.update": "Plan limits changed",
  "template.create": "Key template saved",
  "template.update": "Key template edited",
  "template.delete": "Key template deleted",
  "template.view": "Key template viewed",
  // A dashboard template action refused for the member's role, before it is known which one.
  "template.write": "Key template change",
  "scope.create": "Scope added",
  "scope.deprecate": "Scope deprecated",
  "scope.undeprecate": "Scope restored",
  "webhook.view": "Webhook endpoint viewed",
  "webhook.create": "Webhook endpoint added",
  "webhook.update": "Webhook endpoint changed",
  "webhook.delete": "Webhook endpoint deleted",
  "webhook.roll_secret": "Webhook signing secret rolled",
  "webhook.test": "Webhook test message sent",
  "webhook.resend": "Webhook delivery sent again",
  "leak.policy": "Leak policy changed",
  "leak.report": "Leak reported",
  "session.end": "Signed out a session",
  "session.end_others": "Signed out every other session",
  "session.end_all": "Signed out every session",
  "two_factor.enable": "Two-factor sign-in turned on",
  "two_factor.disable": "Two-factor sign-in turned off",
  "two_factor.recovery_codes": "New recovery codes made",
  "two_factor.recovery_used": "Recovery code used",
};

/** "Key edited", "Key revoked (refused)"; an action without a label is shown as it is stored. */
export function auditActionLabel(action: string): string {
  if (action === "*.denied") return "Any refused attempt";
  const denied = action.endsWith(".denied");
  const base = denied ? action.slice(0, -".denied".length) : action;
  const label = LABELS[base] ?? base;
  return denied ? `${label} (refused)` : label;
}

export function isDenied(action: string): boolean {
  return action.endsWith(".denied");
}
