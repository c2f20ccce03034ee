import { gatewayHandler } from "@/lib/gateway/gateway-route";
import { servedDirectly } from "@/lib/http/lean-routes";

// Also answered by the production server directly, without the framework (lib/http/lean-routes.ts).
servedDirectly("gateway", gatewayHandler, { abortable: true });

// Every method a client may send through the gateway; which ones a service accepts is up to its rules.
export const GET = gatewayHandler;
export const HEAD = gatewayHandler;
export const POST = gatewayHandler;
export const PUT = gatewayHandler;
export const PATCH = gatewayHandler;
export const DELETE = gatewayHandler;
export const OPTIONS = gatewayHandler;
// Bodies stream through and answers depend on the key: never prerendered or cached.
export const dynamic = "force-dynamic";
