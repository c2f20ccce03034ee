import { headers } from "next/headers";
import { requireUser } from "@/lib/http/session";
import { env } from "@/lib/infra/env";
import { API_BASE_PATH, openApiDocument } from "@/lib/api/openapi/document";
import { apiReference, referencedObjects } from "@/lib/api/openapi/reference";
import { Card } from "@/components/ui/card";
import { ApiReference } from "@/components/docs/api-reference";
import { RichText } from "@/components/docs/rich-text";

export const metadata = { title: "API reference" };

/** Where this deployment answers, for the examples: PUBLIC_URL when set, else the host this page was asked for. */
async function apiBaseUrl(): Promise<string> {
  const configured = env().PUBLIC_URL;
  if (configured) return `${configured.replace(/\/$/, "")}${API_BASE_PATH}`;
  const h = await headers();
  const host = h.get("host") ?? "localhost:3000";
  const protocol = h.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https" ? "https" : "http";
  return `${protocol}://${host}${API_BASE_PATH}`;
}

export default async function DocsPage() {
  await requireUser();
  const document = openApiDocument();
  const sections = apiReference(document, await apiBaseUrl());
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">API reference</h1>
        <p className="mt-1 max-w-3xl text-sm text-zinc-600">
          <RichText text={document.info.description} />
        </p>
      </div>
      <Card title="Using the API">
        <ul className="list-disc space-y-1.5 pl-5 text-sm text-zinc-700">
          <li>
            The examples read your key from <code className="font-mono text-xs">$LATCHKEY_API_KEY</code> and a key&apos;s id from{" "}
            <code className="font-mono text-xs">$KEY_ID</code>. Never put a key in a URL.
          </li>
          <li>
            Each answer to an accepted key carries <code className="font-mono text-xs">RateLimit</code> and{" "}
            <code className="font-mono text-xs">RateLimit-Policy</code> headers; a 429 or 503 carries{" "}
            <code className="font-mono text-xs">Retry-After</code>.
          </li>
          <li>
            The machine-readable OpenAPI 3.1 document is at{" "}
            <a href={`${API_BASE_PATH}/openapi.json`} className="font-medium text-brand-600 hover:underline">
              {API_BASE_PATH}/openapi.json
            </a>
            .
          </li>
        </ul>
      </Card>
      <ApiReference sections={sections} objects={referencedObjects(document)} />
    </div>
  );
}
