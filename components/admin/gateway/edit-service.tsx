"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { FormAlert, selectClasses } from "@/components/ui/field";
import { useSavingForm } from "@/components/ui/use-form-submit";
import type { ActionResult } from "@/lib/http/server-action";
import { type RevealedSecret, RevealSigningSecret } from "./reveal-signing-secret";
import { ServiceFields, type ServiceValues } from "./service-fields";

export function EditServiceForm({
  serviceId,
  values,
  updateService,
}: {
  serviceId: string;
  values: ServiceValues;
  updateService: (formData: FormData) => Promise<ActionResult>;
}) {
  const { failed, onSubmit, pending } = useSavingForm((formData) => {
    formData.set("serviceId", serviceId);
    return updateService(formData);
  }, "Service saved");
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <FormAlert message={failed?.error} />
      <ServiceFields values={values} errors={failed?.fieldErrors} />
      <div className="flex justify-end">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save service"}
        </Button>
      </div>
    </form>
  );
}

type Rotated = ActionResult<{ name: string; signingSecret: string }>;

/** Rotating asks how long the old secret keeps signing, then shows the new one once. */
export function RotateSecretButton({
  serviceId,
  rotateSecret,
}: {
  serviceId: string;
  rotateSecret: (input: { serviceId: string; grace: string }) => Promise<Rotated>;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [grace, setGrace] = useState("1h");
  const [error, setError] = useState<string | null>(null);
  const [revealed, setRevealed] = useState<RevealedSecret | null>(null);
  const [pending, startTransition] = useTransition();

  function rotate() {
    startTransition(async () => {
      const result = await rotateSecret({ serviceId, grace });
      if (!result.ok) return setError(result.error);
      setError(null);
      setRevealed({ serviceName: result.name, secret: result.signingSecret });
    });
  }

  function done() {
    setRevealed(null);
    setOpen(false);
    toast.success("Signing secret rotated");
    router.refresh();
  }

  return (
    <Dialog open={open} onOpenChange={(next) => !revealed && setOpen(next)}>
      <DialogTrigger asChild>
        <Button variant="secondary">Rotate secret</Button>
      </DialogTrigger>
      {revealed ? (
        <RevealSigningSecret revealed={revealed} onDone={done} />
      ) : (
        <DialogContent
          title="Rotate the signing secret"
          description="Calls are signed with a new secret from now on. Keep the old one signing too while you update the upstream."
        >
          <FormAlert message={error} />
          <label htmlFor="rotation-grace" className="mt-2 block text-sm font-medium text-zinc-800">
            The old secret keeps signing
          </label>
          <select
            id="rotation-grace"
            value={grace}
            onChange={(event) => setGrace(event.target.value)}
            className={`${selectClasses} mt-1.5`}
          >
            <option value="now">No longer: stop it now</option>
            <option value="1h">For 1 hour</option>
            <option value="24h">For 24 hours</option>
          </select>
          <div className="mt-6 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <DialogClose asChild>
              <Button variant="secondary">Cancel</Button>
            </DialogClose>
            <Button onClick={rotate} disabled={pending}>
              {pending ? "Rotating…" : "Rotate secret"}
            </Button>
          </div>
        </DialogContent>
      )}
    </Dialog>
  );
}

/** Deleting a service removes its rules too; its usage stays (recorded under its routes). */
export function DeleteServiceButton({
  serviceId,
  name,
  deleteService,
}: {
  serviceId: string;
  name: string;
  deleteService: (input: { serviceId: string }) => Promise<ActionResult>;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="danger">Delete service</Button>
      </DialogTrigger>
      <DialogContent
        title={`Delete ${name}?`}
        description="Its route rules go with it and /gw calls for it answer 404 at once. Its usage stays. To pause it instead, disable it."
      >
        <FormAlert message={error} />
        <div className="mt-4 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <DialogClose asChild>
            <Button variant="secondary">Cancel</Button>
          </DialogClose>
          <Button
            variant="danger"
            disabled={pending}
            onClick={() =>
              startTransition(async () => {
                const result = await deleteService({ serviceId });
                if (!result.ok) return setError(result.error);
                setOpen(false);
                toast.success("Service deleted");
                router.push("/admin/gateway");
              })
            }
          >
            {pending ? "Deleting…" : "Delete service"}
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}
