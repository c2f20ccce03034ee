"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormAlert } from "@/components/ui/field";
import { HiddenFields } from "@/components/ui/hidden-fields";
import { useFormSubmit } from "@/components/ui/use-form-submit";
import { useOnce } from "@/components/ui/use-once";
import { RevealWebhookSecret } from "./reveal-webhook-secret";
import type { IssuedSecret, WebhookActions } from "./types";
import { WebhookFields } from "./webhook-fields";

/** Adds an endpoint, then shows its signing secret once and goes to the endpoint's page. */
export function CreateWebhookForm({ actions }: { actions: Pick<WebhookActions, "create" | "fields" | "basePath"> }) {
  const router = useRouter();
  const [revealed, setRevealed] = useState<{ webhookId: string; url: string; secret: string } | null>(null);
  const { tokenNow } = useOnce();
  // One form adds one endpoint however often it is sent (the page moves on once its secret was shown): submissions
  // queue, and one behind the submission that added it keeps that answer; the token refuses any other on the server.
  const [state, onSubmit, pending] = useFormSubmit(async (previous: IssuedSecret | null, formData: FormData) => {
    if (previous?.ok) return previous;
    formData.set("submission", tokenNow());
    const result = await actions.create(formData);
    if (result.ok) setRevealed({ webhookId: result.webhookId, url: result.url, secret: result.secret });
    return result;
  });
  const failed = state && !state.ok ? state : null;
  return (
    <>
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <HiddenFields fields={actions.fields} />
        <FormAlert message={failed?.error} />
        <WebhookFields errors={failed?.fieldErrors} />
        <div className="flex justify-end">
          <Button type="submit" disabled={pending}>
            {pending ? "Adding…" : "Add endpoint"}
          </Button>
        </div>
      </form>
      <Dialog open={revealed !== null}>
        {revealed && (
          <RevealWebhookSecret
            url={revealed.url}
            secret={revealed.secret}
            onDone={() => {
              const id = revealed.webhookId;
              setRevealed(null);
              toast.success("Endpoint added");
              router.push(`${actions.basePath}/${id}`);
            }}
          />
        )}
      </Dialog>
    </>
  );
}
