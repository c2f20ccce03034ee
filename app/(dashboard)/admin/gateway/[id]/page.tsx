import Link from "next/link";
import { notFound } from "next/navigation";
import { DeleteServiceButton, EditServiceForm, RotateSecretButton } from "@/components/admin/gateway/edit-service";
import { AddRuleForm, RouteRules } from "@/components/admin/gateway/route-rules";
import { Card } from "@/components/ui/card";
import { findServiceWithRoutes } from "@/db/queries/gateway";
import { listScopes } from "@/db/queries/scopes";
import { formatDateTime } from "@/lib/format";
import { requireAdmin } from "@/lib/http/session";
import { serviceIdSchema } from "@/lib/validations/gateway";
import {
  addRouteAction,
  deleteRouteAction,
  deleteServiceAction,
  moveRouteAction,
  rotateSecretAction,
  updateRouteAction,
  updateServiceAction,
} from "../actions";

export const metadata = { title: "Gateway service" };

export default async function GatewayServicePage({ params }: { params: Promise<{ id: string }> }) {
  await requireAdmin();
  const parsed = serviceIdSchema.safeParse((await params).id);
  if (!parsed.success) notFound();
  const [found, catalogue] = await Promise.all([findServiceWithRoutes(parsed.data), listScopes()]);
  if (!found) notFound();
  const { service, routes } = found;
  // Grantable scopes, plus any a rule already requires (a deprecated one stays visible where it is used).
  const used = new Set(routes.flatMap((route) => route.requiredScopes));
  const scopes = catalogue.filter((scope) => !scope.deprecatedAt || used.has(scope.name)).map((scope) => scope.name);
  const graceUntil = service.previousSecretUntil && service.previousSecretUntil > new Date() ? service.previousSecretUntil : null;
  const rules = routes.map(({ id, method, pathPattern, requiredScopes, cost }) => ({
    id,
    method,
    pathPattern,
    requiredScopes,
    cost,
  }));

  return (
    <div className="space-y-6">
      <div>
        <Link href="/admin/gateway" className="text-sm text-zinc-500 hover:text-zinc-900">
          ← All services
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight break-all">{service.name}</h1>
          {!service.enabled && <span className="rounded-full bg-zinc-200 px-2 py-0.5 text-xs text-zinc-700">Disabled</span>}
        </div>
        <p className="mt-1 font-mono text-sm break-all text-zinc-600">
          /gw/{service.slug}/… → {service.baseUrl}/…
        </p>
      </div>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="space-y-6">
          <Card title="Route rules" description="Tried in this order; the first whose method and path match decides.">
            <RouteRules
              rules={rules}
              scopes={scopes}
              actions={{
                addRoute: addRouteAction,
                updateRoute: updateRouteAction,
                deleteRoute: deleteRouteAction,
                moveRoute: moveRouteAction,
              }}
            />
          </Card>
          <Card title="Add a rule">
            <AddRuleForm serviceId={service.id} scopes={scopes} addRoute={addRouteAction} />
          </Card>
        </div>
        <div className="space-y-6">
          <Card title="Service">
            <EditServiceForm
              serviceId={service.id}
              values={{
                name: service.name,
                slug: service.slug,
                baseUrl: service.baseUrl,
                timeoutMs: service.timeoutMs,
                enabled: service.enabled,
              }}
              updateService={updateServiceAction}
            />
          </Card>
          <Card
            title="Signing secret"
            description="The upstream checks the identity headers' HMAC with it. It is never stored, only shown when made."
            actions={<RotateSecretButton serviceId={service.id} rotateSecret={rotateSecretAction} />}
          >
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
              <dt className="text-zinc-500">Version</dt>
              <dd>{service.signingSecretVersion}</dd>
              <dt className="text-zinc-500">Previous secret</dt>
              <dd>{graceUntil ? `still signs until ${formatDateTime(graceUntil)}` : "no longer signs"}</dd>
            </dl>
          </Card>
          <Card title="Danger zone" tone="danger">
            <div className="flex flex-wrap items-center justify-between gap-3">
              <p className="text-sm text-zinc-600">Delete the service and its rules.</p>
              <DeleteServiceButton serviceId={service.id} name={service.name} deleteService={deleteServiceAction} />
            </div>
          </Card>
        </div>
      </div>
    </div>
  );
}
