import { findKeyForAccount } from "@/db/queries/keys";
import { keyUsageSummary } from "@/db/queries/usage";
import { notFound } from "@/lib/errors";
import { usageQuerySchema } from "@/lib/validations/api-key";
import { apiRoute, ownKeyRef } from "@/lib/api/gate/api-route";
import { API_OPERATIONS } from "@/lib/api/operations";
import { jsonResponse, validationProblem } from "@/lib/http/envelope";

export const GET = apiRoute<{ id: string }>(
  async (context) => {
    const ref = ownKeyRef(context);
    const query = usageQuerySchema.safeParse(Object.fromEntries(context.url.searchParams));
    if (!query.success) throw validationProblem(query.error);
    if (!(await findKeyForAccount(ref))) throw notFound();
    const usage = await keyUsageSummary(ref, query.data.days);
    return jsonResponse({
      keyId: ref.keyId,
      ...usage,
      successRate: usage.total === 0 ? null : usage.successes / usage.total,
    });
  },
  { scopes: API_OPERATIONS.getKeyUsage.scopes },
);
