// The direction of the house (README, "What may import what"), checked by `npm run lint` inside `npm test`.
// Layers, lowest first: lib/infra → db → the domain (every other folder of lib/) → lib/http → lib/api and lib/ops
// → app. components/ sits beside lib/http: it renders what pages hand it (data and server actions as props) and
// never imports a route, the process, the API gate, or the database's or the request layer's code (types only).
// Test files may import whatever they test; nothing in the product imports a test, script or benchmark.
// packages/ (the client library, published on its own) and the product never import each other.

const TESTS = "\\.test\\.tsx?$";
const INFRA = "^lib/infra/";
const DB = "^db/";
const HTTP = "^lib/http/";
const API = "^lib/api/";
const GATEWAY = "^lib/gateway/";
const OPS = "^lib/ops/";
const DOMAIN = "^lib/(?!infra/|http/|api/|gateway/|ops/)";
const ROOT_GLUE = "^(auth|auth\\.config|proxy|instrumentation)\\.ts$";
const PACKAGES = "^packages/";

/** A layer may import itself, what is below it, packages and Node's own modules; nothing else. */
function onlyDown(name, from, allowed, comment) {
  return {
    name,
    comment,
    severity: "error",
    from: { path: from, pathNot: TESTS },
    to: { pathNot: [...allowed, "(^|/)node_modules/"], dependencyTypesNot: ["core"] },
  };
}

module.exports = {
  forbidden: [
    onlyDown("infra-is-the-floor", INFRA, [INFRA], "lib/infra (env, logger, redis, metrics, limiters) imports nothing of ours."),
    onlyDown("db-knows-only-db", DB, [DB, "^lib/infra/env\\.ts$"], "db/ imports only db/, drizzle and the environment."),
    onlyDown(
      "domain-never-reaches-up",
      DOMAIN,
      [DOMAIN, DB, INFRA],
      "Domain modules (keys, accounts, audit, usage, plans, auth, validations) know no HTTP, React or route.",
    ),
    onlyDown(
      "http-serves-the-domain",
      HTTP,
      [HTTP, DOMAIN, DB, INFRA, "^auth\\.ts$"],
      "lib/http sits on the domain and nothing above it.",
    ),
    onlyDown("api-is-the-integrator-api", API, [API, HTTP, DOMAIN, DB, INFRA], "lib/api never imports pages, components or ops."),
    onlyDown(
      "gateway-sits-beside-the-api",
      GATEWAY,
      [GATEWAY, API, HTTP, DOMAIN, DB, INFRA],
      "lib/gateway forwards through the API's gate; it never imports pages, components or ops.",
    ),
    onlyDown("ops-runs-the-process", OPS, [OPS, DOMAIN, DB, INFRA], "lib/ops (start-up, metrics) composes the domain, not HTTP."),
    onlyDown(
      "root-glue",
      ROOT_GLUE,
      [DOMAIN, DB, INFRA, HTTP, OPS, ROOT_GLUE],
      "auth.ts, proxy.ts and instrumentation.ts wire the framework to lib/.",
    ),
    {
      name: "components-take-props",
      comment: "Components never import routes, the database, the process or the API gate; pages hand them data and actions.",
      severity: "error",
      from: { path: "^components/", pathNot: TESTS },
      to: { path: ["^app/", INFRA, OPS, "^lib/api/gate/", GATEWAY, "^auth\\.ts$"] },
    },
    {
      name: "components-get-data-as-props",
      comment: "Components may name the shapes of db rows and of lib/http results, but never run db or request code.",
      severity: "error",
      from: { path: "^components/", pathNot: TESTS },
      to: { path: [DB, HTTP], dependencyTypesNot: ["type-only"] },
    },
    {
      name: "nothing-imports-routes",
      comment: "app/ is the top: only app/ and tests import it.",
      severity: "error",
      from: { pathNot: ["^app/", "^tests/", TESTS] },
      to: { path: "^app/" },
    },
    {
      name: "product-never-imports-tests-or-tools",
      severity: "error",
      from: { path: ["^app/", "^components/", "^db/", "^lib/", ROOT_GLUE], pathNot: TESTS },
      to: { path: ["^tests/", "^e2e/", "^scripts/", "^bench/"] },
    },
    {
      name: "app-never-imports-packages",
      comment:
        "packages/ (the client library) is published on its own: the product never imports it; its own tests and the tests that run it against a server may.",
      severity: "error",
      from: { path: ["^app/", "^components/", "^db/", "^lib/", ROOT_GLUE, "^server\\.mjs$"], pathNot: TESTS },
      to: { path: PACKAGES },
    },
    {
      name: "packages-stand-alone",
      comment: "A package imports only itself and the platform (Node's modules, fetch): no app code, no dependency.",
      severity: "error",
      from: { path: PACKAGES, pathNot: TESTS },
      to: { pathNot: [PACKAGES], dependencyTypesNot: ["core"] },
    },
    {
      name: "package-tests-stay-in-the-package",
      comment: "A package's own tests run against fakes; tests against a running server live in tests/multi-instance.",
      severity: "error",
      from: { path: PACKAGES },
      to: { path: ["^app/", "^components/", "^db/", "^lib/", "^tests/", "^scripts/", ROOT_GLUE] },
    },
    {
      name: "no-circular",
      comment: "A cycle means two modules are one, or one is in the wrong layer.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: ["^\\.next/", "^node_modules/", "^drizzle/", "^packages/[^/]+/dist/"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".mjs", ".js", ".cjs", ".d.ts"],
      mainFields: ["module", "main", "types", "typings"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
