"use client";

import { formatRelative } from "@/lib/format";
import { ConfirmKeyAction } from "./confirm-key-action";
import type { KeyActions } from "./key-actions";
import { RollKeyDialog } from "./roll-key-dialog";

export interface LifecycleKey {
  id: string;
  name: string;
  revokedAt: Date | null;
  disabledAt: Date | null;
  lastUsedAt: Date | null;
}

export type LifecycleActionSet = Pick<KeyActions, "roll" | "disable" | "enable" | "revoke" | "hide" | "fields" | "listHref">;

/**
 * What each confirmation of a key's lifecycle says, the same on its page and in the keys list: what happens to the
 * calls made with the key, and when it was last used.
 */
export function lifecycleConfirmations(apiKey: LifecycleKey) {
  const lastUsed = apiKey.lastUsedAt ? ` It was last used ${formatRelative(apiKey.lastUsedAt)}.` : " It has not been used yet.";
  return {
    enable: {
      trigger: "Enable…",
      title: `Enable "${apiKey.name}"?`,
      description: "Calls made with this key work again at once, with its scopes and limits as they are.",
      confirm: "Enable key",
      done: "Key enabled",
      tone: "primary" as const,
    },
    disable: {
      trigger: "Disable…",
      title: `Disable "${apiKey.name}"?`,
      description: `Every call made with this key is refused (401) from now until you enable it again; nothing else about it changes.${lastUsed}`,
      confirm: "Disable key",
      done: "Key disabled",
      tone: "primary" as const,
    },
    revoke: {
      trigger: "Revoke…",
      title: `Revoke "${apiKey.name}"?`,
      description: `Every call made with this key, with an old secret in its grace period too, is refused from now on, for good: a revoked key can never be enabled again.${lastUsed} To stop it for a while instead, disable it.`,
      confirm: "Revoke key",
      done: "Key revoked",
      tone: "danger" as const,
    },
    hide: {
      trigger: "Delete…",
      title: `Delete "${apiKey.name}" from view?`,
      description: "The key disappears from your list. It stays revoked, and its audit trail is kept.",
      confirm: "Delete key",
      done: "Key deleted",
      tone: "danger" as const,
    },
  };
}

/**
 * A key's lifecycle, at the top of its page: roll, disable or enable, revoke; a revoked key can only be deleted from
 * view.
 */
export function LifecycleActions({ apiKey, actions }: { apiKey: LifecycleKey; actions: LifecycleActionSet }) {
  const common = { keyId: apiKey.id, extra: actions.fields };
  const says = lifecycleConfirmations(apiKey);
  if (apiKey.revokedAt) {
    return <ConfirmKeyAction {...common} {...says.hide} action={actions.hide} redirectTo={actions.listHref} />;
  }
  return (
    <div className="flex flex-wrap gap-2">
      <RollKeyDialog keyId={apiKey.id} keyName={apiKey.name} action={actions.roll} hiddenFields={actions.fields} />
      {apiKey.disabledAt ? (
        <ConfirmKeyAction {...common} {...says.enable} action={actions.enable} />
      ) : (
        <ConfirmKeyAction {...common} {...says.disable} action={actions.disable} />
      )}
      <ConfirmKeyAction {...common} {...says.revoke} action={actions.revoke} />
    </div>
  );
}
