"use client";

import * as Menu from "@radix-ui/react-dropdown-menu";
import { useState } from "react";
import { ConfirmKeyAction } from "./confirm-key-action";
import { type LifecycleActionSet, type LifecycleKey, lifecycleConfirmations } from "./lifecycle-actions";
import { RollKeyDialog } from "./roll-key-dialog";

type Step = "roll" | "disable" | "enable" | "revoke" | "hide";

const item =
  "flex cursor-pointer items-center rounded px-2.5 py-1.5 text-sm outline-none select-none data-[highlighted]:bg-zinc-100";

/**
 * A row's actions in the keys list: a menu of the same lifecycle steps as the key's page, each opening the same
 * dialog. The dialogs sit outside the menu, which closes as one opens.
 */
export function KeyRowMenu({ apiKey, actions }: { apiKey: LifecycleKey; actions: LifecycleActionSet }) {
  const [step, setStep] = useState<Step | null>(null);
  const says = lifecycleConfirmations(apiKey);
  const control = (which: Step) => ({ open: step === which, onOpenChange: (open: boolean) => setStep(open ? which : null) });
  const common = { keyId: apiKey.id, extra: actions.fields };
  const steps: [Step, string][] = apiKey.revokedAt
    ? [["hide", "Delete from view…"]]
    : [["roll", "Roll…"], apiKey.disabledAt ? ["enable", "Enable…"] : ["disable", "Disable…"], ["revoke", "Revoke…"]];

  return (
    <>
      <Menu.Root modal={false}>
        <Menu.Trigger
          aria-label={`Actions for ${apiKey.name}`}
          className="inline-flex size-8 items-center justify-center rounded-md text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-zinc-400 data-[state=open]:bg-zinc-100"
        >
          <svg viewBox="0 0 20 20" className="size-5" fill="currentColor" aria-hidden>
            <path d="M3 10a1.5 1.5 0 1 1 3 0 1.5 1.5 0 0 1-3 0Zm5.5 0a1.5 1.5 0 1 1 3 0 1.5 1.5 0 0 1-3 0Zm5.5 0a1.5 1.5 0 1 1 3 0 1.5 1.5 0 0 1-3 0Z" />
          </svg>
        </Menu.Trigger>
        <Menu.Portal>
          <Menu.Content
            align="end"
            sideOffset={4}
            className="z-30 min-w-40 rounded-lg bg-white p-1 shadow-lg ring-1 ring-zinc-200"
          >
            {steps.map(([which, label]) => (
              <Menu.Item
                key={which}
                onSelect={() => setStep(which)}
                className={`${item} ${which === "revoke" || which === "hide" ? "text-red-700" : "text-zinc-800"}`}
              >
                {label}
              </Menu.Item>
            ))}
          </Menu.Content>
        </Menu.Portal>
      </Menu.Root>
      <RollKeyDialog
        keyId={apiKey.id}
        keyName={apiKey.name}
        action={actions.roll}
        hiddenFields={actions.fields}
        control={control("roll")}
      />
      {(["disable", "enable", "revoke", "hide"] as const).map((which) => (
        <ConfirmKeyAction key={which} {...common} {...says[which]} action={actions[which]} control={control(which)} />
      ))}
    </>
  );
}
