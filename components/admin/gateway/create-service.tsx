"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormAlert } from "@/components/ui/field";
import { useFormSubmit } from "@/components/ui/use-form-submit";
import type { ActionResult } from "@/lib/http/server-action";
import { type RevealedSecret, RevealSigningSecret } from "./reveal-signing-secret";
import { ServiceFields } from "./service-fields";

type Created = ActionResult<{ serviceId: string; name: string; signingSecret: string }>;

export function CreateServiceForm({ createService }: { createService: (formData: FormData) => Promise<Created> }) {
  const router = useRouter();
  const [revealed, setRevealed] = useState<(RevealedSecret & { serviceId: string }) | null>(null);
  const [state, onSubmit, pending] = useFormSubmit(async (_previous: Created | null, formData: FormData) => {
    const result = await createService(formData);
    if (result.ok) setRevealed({ serviceName: result.name, secret: result.signingSecret, serviceId: result.serviceId });
    return result;
  });
  const failed = state && !state.ok ? state : null;
  return (
    <>
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <FormAlert message={failed?.error} />
        <ServiceFields errors={failed?.fieldErrors} />
        <div className="flex justify-end">
          <Button type="submit" disabled={pending}>
            {pending ? "Adding…" : "Add service"}
          </Button>
        </div>
      </form>
      <Dialog open={revealed !== null}>
        {revealed && (
          <RevealSigningSecret
            revealed={revealed}
            onDone={() => {
              const id = revealed.serviceId;
              setRevealed(null);
              toast.success("Service added: now give it route rules");
              router.push(`/admin/gateway/${id}`);
            }}
          />
        )}
      </Dialog>
    </>
  );
}
