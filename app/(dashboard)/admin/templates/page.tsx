import Link from "next/link";
import { requireAdmin } from "@/lib/http/session";
import { listPlanTemplates } from "@/db/queries/key-templates";
import { templateSettingsOf } from "@/lib/keys/template-settings";
import { scopeOptionsFor } from "@/lib/keys/scope-options";
import { PLAN_NAMES } from "@/lib/validations/admin";
import { Card } from "@/components/ui/card";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { TemplateFormDialog } from "@/components/keys/template-form-dialog";
import { TemplateList } from "@/components/keys/template-list";
import { deletePlanTemplateAction, savePlanTemplateAction } from "./actions";

export const metadata = { title: "Key templates" };

// A plan template may be for any plan that gives API access; "none" has no keys to make.
const PLANS = PLAN_NAMES.filter((plan) => plan !== "none");

export default async function PlanTemplatesPage() {
  await requireAdmin();
  const templates = await listPlanTemplates();
  // The scopes a client could be granted: admin-only and deprecated ones are left out (and refused by the command).
  const [newOptions, ...editOptions] = await Promise.all([
    scopeOptionsFor("client"),
    ...templates.map((t) => scopeOptionsFor("client", t.scopes)),
  ]);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Key templates</h1>
          <p className="mt-1 max-w-2xl text-sm text-zinc-600">
            Templates every client of a plan sees first in the generate form (and in <code>GET /api/v1/templates</code>), beside
            the ones they save themselves. A template never grants more than a client&apos;s plan: what the plan leaves out is
            dropped, and the form says so. Plans&apos; limits are on{" "}
            <Link href="/admin/plans" className="underline">
              Plans
            </Link>
            .
          </p>
        </div>
        <TemplateFormDialog trigger="New template" scopeOptions={newOptions} save={savePlanTemplateAction} plans={PLANS} />
      </div>
      <Card title="Plan templates">
        <TemplateList
          empty="No plan template: clients start from a blank form or their own templates."
          rows={templates.map((template, index) => ({
            id: template.id,
            settings: templateSettingsOf(template),
            owner: template.plan === null ? "Every plan" : `The ${template.plan} plan`,
            actions: (
              <>
                <TemplateFormDialog
                  trigger="Edit"
                  triggerVariant="secondary"
                  template={{ id: template.id, plan: template.plan, settings: templateSettingsOf(template) }}
                  scopeOptions={editOptions[index]}
                  save={savePlanTemplateAction}
                  plans={PLANS}
                />
                <ConfirmAction
                  action={deletePlanTemplateAction}
                  input={{ templateId: template.id }}
                  trigger="Delete"
                  title={`Delete “${template.name}”?`}
                  description="Clients no longer see it in the generate form. Keys made from it keep their settings."
                  confirm="Delete template"
                  done={`Template “${template.name}” deleted`}
                />
              </>
            ),
          }))}
        />
      </Card>
    </div>
  );
}
