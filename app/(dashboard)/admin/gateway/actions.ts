"use server";

import { revalidatePath } from "next/cache";
import {
  addRoute,
  createService,
  deleteRoute,
  deleteService,
  moveRoute,
  rotateSigningSecret,
  updateRoute,
  updateService,
} from "@/lib/accounts/gateway";
import { authedAction } from "@/lib/http/server-action";
import {
  createRouteSchema,
  createServiceSchema,
  moveRouteSchema,
  rotateSecretSchema,
  routeTargetSchema,
  serviceTargetSchema,
  updateRouteSchema,
  updateServiceSchema,
} from "@/lib/validations/gateway";

// Every action here is admin-only and checks it itself (authedAction), then again in the command; each change is
// audited in its transaction. A signing secret is returned only by the two actions that make one, to be shown once.

const admin = (audit: string) => ({ role: "admin" as const, audit });
// A rule's scopes come from a group of checkboxes: read as a list even when one or none is ticked.
const adminRuleForm = (audit: string) => ({ ...admin(audit), arrays: ["requiredScopes"] });

function refresh(serviceId?: string) {
  revalidatePath("/admin/gateway");
  if (serviceId) revalidatePath(`/admin/gateway/${serviceId}`);
}

export const createServiceAction = authedAction(
  createServiceSchema,
  async (input, { actor }) => {
    const { service, signingSecret } = await createService(actor, input);
    refresh();
    return { ok: true, serviceId: service.id, name: service.name, signingSecret };
  },
  admin("gateway.service.create"),
);

export const updateServiceAction = authedAction(
  updateServiceSchema,
  async ({ serviceId, ...input }, { actor }) => {
    await updateService(actor, serviceId, input);
    refresh(serviceId);
    return { ok: true };
  },
  admin("gateway.service.update"),
);

export const rotateSecretAction = authedAction(
  rotateSecretSchema,
  async ({ serviceId, grace }, { actor }) => {
    const { service, signingSecret } = await rotateSigningSecret(actor, serviceId, grace);
    refresh(serviceId);
    return { ok: true, name: service.name, signingSecret };
  },
  admin("gateway.service.rotate"),
);

export const deleteServiceAction = authedAction(
  serviceTargetSchema,
  async ({ serviceId }, { actor }) => {
    await deleteService(actor, serviceId);
    refresh();
    return { ok: true };
  },
  admin("gateway.service.delete"),
);

export const addRouteAction = authedAction(
  createRouteSchema,
  async ({ serviceId, ...input }, { actor }) => {
    await addRoute(actor, serviceId, input);
    refresh(serviceId);
    return { ok: true };
  },
  adminRuleForm("gateway.route.create"),
);

export const updateRouteAction = authedAction(
  updateRouteSchema,
  async ({ routeId, ...input }, { actor }) => {
    const route = await updateRoute(actor, routeId, input);
    refresh(route.serviceId);
    return { ok: true };
  },
  adminRuleForm("gateway.route.update"),
);

export const deleteRouteAction = authedAction(
  routeTargetSchema,
  async ({ routeId }, { actor }) => {
    await deleteRoute(actor, routeId);
    refresh();
    revalidatePath("/admin/gateway/[id]", "page");
    return { ok: true };
  },
  admin("gateway.route.delete"),
);

export const moveRouteAction = authedAction(
  moveRouteSchema,
  async ({ routeId, direction }, { actor }) => {
    await moveRoute(actor, routeId, direction);
    revalidatePath("/admin/gateway/[id]", "page");
    return { ok: true };
  },
  admin("gateway.route.move"),
);
