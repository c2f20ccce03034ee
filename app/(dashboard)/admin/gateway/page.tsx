import Link from "next/link";
import { CreateServiceForm } from "@/components/admin/gateway/create-service";
import { Card } from "@/components/ui/card";
import { listServicesWithRuleCounts } from "@/db/queries/gateway";
import { formatCount } from "@/lib/format";
import { requireAdmin } from "@/lib/http/session";
import { createServiceAction } from "./actions";

export const metadata = { title: "Gateway" };

export default async function GatewayPage() {
  await requireAdmin();
  const services = await listServicesWithRuleCounts();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Gateway</h1>
        <p className="mt-1 max-w-2xl text-sm text-zinc-600">
          Upstream services that keys reach through <code className="font-mono text-xs">/gw/&lt;slug&gt;/…</code>: each call is
          checked like an API call against the first rule its method and path match, then forwarded with the key removed and the
          caller&apos;s identity in signed headers.
        </p>
      </div>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Card title="Services">
          {services.length === 0 ? (
            <p className="py-6 text-center text-sm text-zinc-600">No services yet. Add one to put it behind the gateway.</p>
          ) : (
            <ul className="divide-y divide-zinc-100">
              {services.map((service) => (
                <li key={service.id} className="py-3">
                  <div className="flex flex-wrap items-center gap-2">
                    <Link href={`/admin/gateway/${service.id}`} className="font-medium text-zinc-900 hover:underline">
                      {service.name}
                    </Link>
                    {service.enabled ? (
                      <span className="rounded-full bg-emerald-50 px-2 py-0.5 text-xs text-emerald-700 ring-1 ring-emerald-200 ring-inset">
                        Enabled
                      </span>
                    ) : (
                      <span className="rounded-full bg-zinc-200 px-2 py-0.5 text-xs text-zinc-700">Disabled</span>
                    )}
                  </div>
                  <p className="mt-1 font-mono text-xs break-all text-zinc-600">
                    /gw/{service.slug}/… → {service.baseUrl}/…
                  </p>
                  <p className="mt-0.5 text-xs text-zinc-500">
                    {formatCount(service.ruleCount)} {service.ruleCount === 1 ? "rule" : "rules"} · timeout{" "}
                    {formatCount(service.timeoutMs)} ms
                  </p>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="Add a service" description="Its signing secret is shown once, when it is made.">
          <CreateServiceForm createService={createServiceAction} />
        </Card>
      </div>
    </div>
  );
}
