const LABELS: Record<string, string> = {
  "key.create": "Key created",
  "key.update": "Key edited",
  "key.allowlist": "IP allowlist changed",
  "key.roll": "Key rolled",
  "key.revoke": "Key revoked",
  "key.hide": "Key deleted from view",
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
