"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { Dialog, DialogActions, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { FormAlert } from "@/components/ui/field";
import { HiddenFields } from "@/components/ui/hidden-fields";
import { useActionRun } from "@/components/ui/use-action-run";
import { useSavingForm } from "@/components/ui/use-form-submit";
import { RevealWebhookSecret } from "./reveal-webhook-secret";
import type { WebhookActions } from "./types";
import { useOnceTransition } from "@/components/ui/use-once";
import { useStepUp } from "@/components/auth/step-up";
import { WebhookFields, type WebhookValues } from "./webhook-fields";

/** Edits an endpoint's address, description and events. */
export function EditWebhookForm({
  webhookId,
  values,
  actions,
}: {
  webhookId: string;
  values: WebhookValues;
  actions: WebhookActions;
}) {
  const { failed, onSubmit, pending } = useSavingForm((formData) => {
    formData.set("webhookId", webhookId);
    return actions.update(formData);
  }, "Endpoint saved");
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <HiddenFields fields={actions.fields} />
      <FormAlert message={failed?.error} />
      <WebhookFields values={values} errors={failed?.fieldErrors} />
      <div className="flex justify-end">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save endpoint"}
        </Button>
      </div>
    </form>
  );
}

/** Send a test message, enable or disable, roll the secret, delete. */
export function EndpointButtons({
  webhookId,
  url,
  enabled,
  actions,
}: {
  webhookId: string;
  url: string;
  enabled: boolean;
  actions: WebhookActions;
}) {
  const input = { ...actions.fields, webhookId };
  const { pending, error, run } = useActionRun();
  return (
    <div className="space-y-3">
      <FormAlert message={error} />
      <div className="flex flex-wrap gap-2">
        <Button
          variant="secondary"
          size="sm"
          disabled={pending || !enabled}
          onClick={() => run(() => actions.test(input), "Test message queued")}
        >
          Send test message
        </Button>
        <Button
          variant="secondary"
          size="sm"
          disabled={pending}
          onClick={() =>
            run(
              () => actions.setEnabled({ ...input, enabled: String(!enabled) }),
              enabled ? "Endpoint disabled" : "Endpoint enabled",
            )
          }
        >
          {enabled ? "Disable" : "Enable"}
        </Button>
        <RollSecretButton input={input} url={url} rollSecret={actions.rollSecret} />
        <ConfirmAction
          action={actions.remove}
          input={input}
          trigger="Delete"
          title="Delete this endpoint?"
          description="It receives no more events, and its delivery log goes with it."
          confirm="Delete endpoint"
          done="Endpoint deleted"
          redirectTo={actions.basePath}
        />
      </div>
    </div>
  );
}

/** Rolling asks first (the old secret stops at once), then shows the new one once. */
function RollSecretButton({
  input,
  url,
  rollSecret,
}: {
  input: Record<string, string>;
  url: string;
  rollSecret: WebhookActions["rollSecret"];
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const { pending, run, renew } = useOnceTransition();
  const stepUp = useStepUp();

  function roll() {
    run(async (submission) => {
      const result = await stepUp(() => rollSecret({ ...input, submission }));
      if (!result.ok) return setError(result.error);
      setError(null);
      setSecret(result.secret);
    });
  }

  function close() {
    if (secret) renew();
    setSecret(null);
    setOpen(false);
    setError(null);
    router.refresh();
  }

  return (
    <Dialog open={open} onOpenChange={(next) => (next ? setOpen(true) : close())}>
      <DialogTrigger asChild>
        <Button variant="secondary" size="sm">
          Roll secret
        </Button>
      </DialogTrigger>
      {secret ? (
        <RevealWebhookSecret
          url={url}
          secret={secret}
          onDone={() => {
            close();
            toast.success("Signing secret rolled");
          }}
        />
      ) : (
        <DialogContent
          title="Roll the signing secret?"
          description="Messages are signed with the new secret from now on; your receiver must have it before the next one arrives."
        >
          <FormAlert message={error} />
          <DialogActions confirm="Roll secret" pending={pending} variant="primary" onConfirm={roll} />
        </DialogContent>
      )}
    </Dialog>
  );
}

/** Sends a delivery again from its first attempt. */
export function ResendButton({ input, resend }: { input: Record<string, string>; resend: WebhookActions["resend"] }) {
  const { pending, error, run } = useActionRun();
  return (
    <span className="inline-flex items-center gap-2">
      <Button variant="secondary" size="sm" disabled={pending} onClick={() => run(() => resend(input), "Delivery queued again")}>
        Resend
      </Button>
      {error && (
        <span role="alert" className="text-xs text-red-700">
          {error}
        </span>
      )}
    </span>
  );
}
