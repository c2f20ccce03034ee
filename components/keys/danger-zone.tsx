"use client";

import { Card } from "@/components/ui/card";
import { ConfirmKeyAction } from "./confirm-key-action";
import type { KeyActions } from "./key-actions";
import { RollKeyDialog } from "./roll-key-dialog";

interface DangerZoneProps {
  keyId: string;
  keyName: string;
  revoked: boolean;
  actions: Pick<KeyActions, "roll" | "revoke" | "hide" | "fields" | "listHref">;
}

export function DangerZone({ keyId, keyName, revoked, actions }: DangerZoneProps) {
  return (
    <Card title="Danger zone" tone="danger">
      <div className="divide-y divide-zinc-100">
        {!revoked && (
          <Row title="Roll the secret" text="Issue a new secret for this key, now or with a grace period for the old one.">
            <RollKeyDialog keyId={keyId} keyName={keyName} action={actions.roll} hiddenFields={actions.fields} />
          </Row>
        )}
        {revoked ? (
          <Row title="Delete from view" text="Remove this revoked key from your list. Its audit trail is kept.">
            <ConfirmKeyAction
              keyId={keyId}
              action={actions.hide}
              extra={actions.fields}
              trigger="Delete…"
              title={`Delete "${keyName}" from view?`}
              description="The key disappears from your list. It stays revoked, and its audit trail is kept."
              confirm="Delete key"
              done="Key deleted"
              redirectTo={actions.listHref}
            />
          </Row>
        ) : (
          <Row title="Revoke the key" text="Every secret of this key stops working at once. This cannot be undone.">
            <ConfirmKeyAction
              keyId={keyId}
              action={actions.revoke}
              extra={actions.fields}
              trigger="Revoke…"
              title={`Revoke "${keyName}"?`}
              description="Requests made with this key will be refused immediately, including any secret in a grace period. A revoked key can never be enabled again."
              confirm="Revoke key"
              done="Key revoked"
            />
          </Row>
        )}
      </div>
    </Card>
  );
}

function Row({ title, text, children }: { title: string; text: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-col gap-3 py-3 first:pt-0 last:pb-0 sm:flex-row sm:items-center sm:justify-between">
      <div>
        <p className="text-sm font-medium">{title}</p>
        <p className="text-sm text-zinc-600">{text}</p>
      </div>
      {children}
    </div>
  );
}
