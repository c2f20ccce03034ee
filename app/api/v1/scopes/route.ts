import { listScopes } from "@/db/queries/scopes";
import { apiRoute } from "@/lib/api/gate/api-route";
import { API_OPERATIONS } from "@/lib/api/operations";
import { jsonResponse } from "@/lib/http/envelope";

export const GET = apiRoute(
  async () => {
    const catalogue = await listScopes();
    return jsonResponse({
      data: catalogue.map((scope) => ({
        name: scope.name,
        description: scope.description,
        adminOnly: scope.adminOnly,
        deprecated: scope.deprecatedAt !== null,
      })),
    });
  },
  { scopes: API_OPERATIONS.listScopes.scopes },
);
