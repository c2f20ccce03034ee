"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Dialog, DialogContent, DialogTrigger, DialogClose } from "@/components/ui/dialog";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/field";
import type { FieldErrors } from "@/lib/errors";
import { createKeyAction } from "@/app/(dashboard)/keys/actions";
import { KeySettingsFields } from "./key-settings-fields";
import { RevealKeyDialog, type RevealedKey } from "./reveal-key-dialog";
import type { ScopeOption } from "./scope-picker";

const DEFAULTS = { name: "", description: "", scopes: [], rateLimit: 60, rateLimitWindow: "minute" as const };

// Not useActionState: its state would keep the secret after the reveal closes. Plain state is dropped on close.
export function CreateKeyDialog({ scopeOptions, label = "Generate key" }: { scopeOptions: ScopeOption[]; label?: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<{ message: string; fields?: FieldErrors } | null>(null);
  const [revealed, setRevealed] = useState<RevealedKey | null>(null);

  function submit(formData: FormData) {
    startTransition(async () => {
      const result = await createKeyAction(formData);
      if (!result.ok) {
        setError({ message: result.error, fields: result.fieldErrors });
        return;
      }
      setError(null);
      setOpen(false);
      setRevealed({ keyName: result.keyName, secret: result.secret });
      router.refresh();
    });
  }

  return (
    <>
      <Dialog
        open={open}
        onOpenChange={(next) => {
          setOpen(next);
          if (!next) setError(null);
        }}
      >
        <DialogTrigger asChild>
          <Button>
            <span aria-hidden>+</span> {label}
          </Button>
        </DialogTrigger>
        <DialogContent title="Generate a new API key" description="The secret is shown once, right after you generate it." wide>
          <form action={submit} className="space-y-5" noValidate>
            <FormAlert message={error?.message} />
            <fieldset className="space-y-1.5">
              <legend className="text-sm font-medium text-zinc-800">Environment</legend>
              <div className="grid grid-cols-2 gap-2">
                {(["live", "test"] as const).map((environment) => (
                  <label
                    key={environment}
                    className="flex cursor-pointer items-center gap-2 rounded-md px-3 py-2 text-sm ring-1 ring-zinc-200 ring-inset has-[:checked]:bg-zinc-50 has-[:checked]:ring-2 has-[:checked]:ring-zinc-900"
                  >
                    <input type="radio" name="environment" value={environment} defaultChecked={environment === "live"} className="accent-zinc-900" />
                    <span>
                      <span className="font-medium capitalize">{environment}</span>
                      <span className="block text-xs text-zinc-500">{environment === "live" ? "Real traffic" : "Development and CI"}</span>
                    </span>
                  </label>
                ))}
              </div>
            </fieldset>
            <KeySettingsFields scopeOptions={scopeOptions} defaults={DEFAULTS} errors={error?.fields} />
            <div className="flex flex-col-reverse gap-2 border-t border-zinc-100 pt-4 sm:flex-row sm:justify-end">
              <DialogClose asChild>
                <Button variant="secondary">Cancel</Button>
              </DialogClose>
              <Button type="submit" disabled={pending}>
                {pending ? "Generating…" : "Generate key"}
              </Button>
            </div>
          </form>
        </DialogContent>
      </Dialog>
      <RevealKeyDialog revealed={revealed} onClose={() => setRevealed(null)} />
    </>
  );
}
