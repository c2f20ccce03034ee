import Link from "next/link";
import { requireSession } from "@/lib/http/session";
import { can } from "@/lib/accounts/roles";
import { listUsableTemplates } from "@/lib/keys/template-reads";
import { templateSettingsOf } from "@/lib/keys/template-settings";
import { scopeOptionsFor } from "@/lib/keys/scope-options";
import { planStanding } from "@/lib/plans/standing";
import { Card } from "@/components/ui/card";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { TemplateFormDialog } from "@/components/keys/template-form-dialog";
import { TemplateList } from "@/components/keys/template-list";
import { deleteTemplateAction, saveTemplateAction } from "../template-actions";

export const metadata = { title: "Key templates" };

export default async function KeyTemplatesPage() {
  const { user, account, role } = await requireSession();
  const canWrite = can(role, "keys.write");
  const [templates, standing] = await Promise.all([listUsableTemplates(account.id), planStanding(account.id)]);
  const ownTemplates = templates.filter((t) => t.accountId !== null);
  const planTemplates = templates.filter((t) => t.accountId === null);
  // Each edit form offers the scopes the member may grant, and keeps those the template has beyond them.
  const [newOptions, ...editOptions] = await Promise.all([
    scopeOptionsFor(user.role, [], role, standing),
    ...ownTemplates.map((t) => scopeOptionsFor(user.role, t.scopes, role, standing)),
  ]);
  const hiddenFields = { accountId: account.id };

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <p className="text-sm">
            <Link href="/keys" className="text-zinc-600 underline-offset-2 hover:underline">
              ← API keys
            </Link>
          </p>
          <h1 className="mt-1 text-2xl font-semibold tracking-tight">Key templates</h1>
          <p className="mt-1 max-w-2xl text-sm text-zinc-600">
            Named key settings the generate form starts from: those your platform set for the {standing.planName} plan, and those{" "}
            {account.name} saved. A key made from one can still be changed before it is generated; what the plan does not allow is
            left out, and the form says so.
          </p>
        </div>
        {canWrite && (
          <TemplateFormDialog
            trigger="New template"
            scopeOptions={newOptions}
            save={saveTemplateAction}
            hiddenFields={hiddenFields}
          />
        )}
      </div>
      <Card title={`Saved by ${account.name}`} description={canWrite ? "Rename, edit or delete them here." : undefined}>
        <TemplateList
          empty={`${account.name} has saved no template yet. Save one from the generate form, or make one here.`}
          rows={ownTemplates.map((template, index) => ({
            id: template.id,
            settings: templateSettingsOf(template),
            owner: "Your team",
            actions: canWrite ? (
              <>
                <TemplateFormDialog
                  trigger="Edit"
                  triggerVariant="secondary"
                  template={{ id: template.id, settings: templateSettingsOf(template) }}
                  scopeOptions={editOptions[index]}
                  save={saveTemplateAction}
                  hiddenFields={hiddenFields}
                />
                <ConfirmAction
                  action={deleteTemplateAction}
                  input={{ templateId: template.id, accountId: account.id }}
                  trigger="Delete"
                  title={`Delete “${template.name}”?`}
                  description="The generate form no longer offers it. Keys made from it keep their settings."
                  confirm="Delete template"
                  done={`Template “${template.name}” deleted`}
                />
              </>
            ) : undefined,
          }))}
        />
      </Card>
      <Card title="From your platform" description="Set by the platform's admins; read only.">
        <TemplateList
          empty={`No template is set for the ${standing.planName} plan.`}
          rows={planTemplates.map((template) => ({
            id: template.id,
            settings: templateSettingsOf(template),
            owner: template.plan === null ? "Every plan" : `The ${template.plan} plan`,
          }))}
        />
      </Card>
    </div>
  );
}
