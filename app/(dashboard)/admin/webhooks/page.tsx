import { Card } from "@/components/ui/card";
import { CreateWebhookForm } from "@/components/webhooks/create-webhook-form";
import { EndpointList } from "@/components/webhooks/endpoint-list";
import { listEndpoints } from "@/db/queries/webhooks";
import { requireAdmin } from "@/lib/http/session";
import { createWebhookAction } from "./actions";

export const metadata = { title: "Platform webhooks" };

export default async function AdminWebhooksPage() {
  await requireAdmin();
  const endpoints = await listEndpoints({ accountId: null });
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Platform webhooks</h1>
        <p className="mt-1 max-w-2xl text-sm text-zinc-600">
          Endpoints that receive every account&apos;s events, for the platform&apos;s own systems (billing, support, a security
          pipeline). Each message names its account in <code className="font-mono text-xs">data.accountId</code>.
        </p>
      </div>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Card title="Endpoints">
          <EndpointList endpoints={endpoints} basePath="/admin/webhooks" />
        </Card>
        <Card title="Add an endpoint" description="Its signing secret is shown once, when it is made.">
          <CreateWebhookForm actions={{ create: createWebhookAction, fields: {}, basePath: "/admin/webhooks" }} />
        </Card>
      </div>
    </div>
  );
}
