import Link from "next/link";
import { Card } from "@/components/ui/card";
import type { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from "@/db/schema";
import { DeliveryLog } from "./delivery-log";
import { EditWebhookForm, EndpointButtons } from "./endpoint-controls";
import { EndpointStatus } from "./endpoint-status";
import type { WebhookActions } from "./types";
import { When } from "@/components/ui/when";

interface WebhookDetailProps {
  endpoint: WebhookEndpoint;
  deliveries: WebhookDelivery[];
  attempts: WebhookAttempt[];
  nextHref: string | null;
  actions: WebhookActions;
  /** Viewers see the endpoint and its log; only those who manage the account's settings change it. */
  canManage: boolean;
}

/** One endpoint's page: its state and controls, its settings, and its delivery log. */
export function WebhookDetail({ endpoint, deliveries, attempts, nextHref, actions, canManage }: WebhookDetailProps) {
  return (
    <div className="space-y-6">
      <div>
        <Link href={actions.basePath} className="text-sm text-zinc-600 hover:underline">
          ← Webhooks
        </Link>
        <div className="mt-1 flex flex-wrap items-center gap-2">
          <h1 className="min-w-0 font-mono text-lg font-semibold tracking-tight break-all">{endpoint.url}</h1>
          <EndpointStatus endpoint={endpoint} />
        </div>
        {endpoint.disabledReason === "failing" && (
          <p role="note" className="mt-2 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200 ring-inset">
            Latchkey disabled this endpoint on <When date={endpoint.disabledAt} show="datetime" />: no delivery to it had
            succeeded for a day. Fix the receiver, then enable it: the deliveries that waited are sent.
          </p>
        )}
      </div>
      {canManage && <EndpointButtons webhookId={endpoint.id} url={endpoint.url} enabled={endpoint.enabled} actions={actions} />}
      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Card title="Delivery log" description="Newest first. Open a delivery to see its attempts and the answers.">
          <DeliveryLog
            webhookId={endpoint.id}
            deliveries={deliveries}
            attempts={attempts}
            nextHref={nextHref}
            actions={actions}
          />
        </Card>
        {canManage && (
          <Card title="Settings">
            <EditWebhookForm
              webhookId={endpoint.id}
              values={{ url: endpoint.url, description: endpoint.description, eventTypes: endpoint.eventTypes }}
              actions={actions}
            />
          </Card>
        )}
      </div>
    </div>
  );
}
