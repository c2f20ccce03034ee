import { Card } from "@/components/ui/card";
import { CreateWebhookForm } from "@/components/webhooks/create-webhook-form";
import { EndpointList } from "@/components/webhooks/endpoint-list";
import { listEndpoints } from "@/db/queries/webhooks";
import { can } from "@/lib/accounts/roles";
import { requireSession } from "@/lib/http/session";
import { createWebhookAction } from "./actions";

export const metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const { account, role } = await requireSession();
  const endpoints = await listEndpoints({ accountId: account.id });
  const canManage = can(role, "account.settings");
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Webhooks</h1>
        <p className="mt-1 max-w-2xl text-sm text-zinc-600">
          Endpoints that receive {account.name}&apos;s events as they happen (a key created, rolled, expiring …), signed the
          Standard Webhooks way and retried for a day when your receiver is away.
        </p>
      </div>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Card title="Endpoints">
          <EndpointList endpoints={endpoints} basePath="/webhooks" />
        </Card>
        {canManage ? (
          <Card title="Add an endpoint" description="Its signing secret is shown once, when it is made.">
            <CreateWebhookForm
              actions={{ create: createWebhookAction, fields: { accountId: account.id }, basePath: "/webhooks" }}
            />
          </Card>
        ) : (
          <Card title="Add an endpoint">
            <p className="text-sm text-zinc-600">Only the account&apos;s owners and admins manage its webhooks.</p>
          </Card>
        )}
      </div>
    </div>
  );
}
