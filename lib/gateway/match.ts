import type { GatewayRoute } from "@/db/schema";
import { compileRoutePattern } from "@/lib/validations/gateway";

// Compiled patterns by their text: rules are read per request, but a pattern compiles once per process.
const compiled = new Map<string, ReturnType<typeof compileRoutePattern>>();
const MAX_COMPILED = 5_000;

function matcherFor(pattern: string) {
  let matcher = compiled.get(pattern);
  if (!matcher) {
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    matcher = compileRoutePattern(pattern);
    compiled.set(pattern, matcher);
  }
  return matcher;
}

function methodMatches(ruleMethod: string, method: string): boolean {
  // A GET rule covers HEAD too: the same resource, without its body.
  return ruleMethod === "ANY" || ruleMethod === method || (ruleMethod === "GET" && method === "HEAD");
}

/** The first rule, in order, whose method and pattern match the (normalised) path; undefined when none does. */
export function matchRoute(routes: readonly GatewayRoute[], method: string, path: string): GatewayRoute | undefined {
  return routes.find((route) => methodMatches(route.method, method) && matcherFor(route.pathPattern)(path) !== false);
}
