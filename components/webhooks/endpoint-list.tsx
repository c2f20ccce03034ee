import Link from "next/link";
import type { WebhookEndpoint } from "@/db/schema";
import { EndpointStatus } from "./endpoint-status";

/** The endpoints of an account (or the platform-wide ones), each linking to its page and delivery log. */
export function EndpointList({ endpoints, basePath }: { endpoints: WebhookEndpoint[]; basePath: string }) {
  if (endpoints.length === 0) {
    return <p className="py-6 text-center text-sm text-zinc-600">No endpoints yet. Add one to receive events as they happen.</p>;
  }
  return (
    <ul className="divide-y divide-zinc-100">
      {endpoints.map((endpoint) => (
        <li key={endpoint.id} className="py-3">
          <div className="flex flex-wrap items-center gap-2">
            <Link
              href={`${basePath}/${endpoint.id}`}
              className="min-w-0 font-mono text-sm break-all text-zinc-900 hover:underline"
            >
              {endpoint.url}
            </Link>
            <EndpointStatus endpoint={endpoint} />
          </div>
          {endpoint.description && <p className="mt-1 text-sm text-zinc-600">{endpoint.description}</p>}
          <p className="mt-0.5 text-xs text-zinc-500">
            {endpoint.eventTypes.length === 0 ? "Every event" : endpoint.eventTypes.join(", ")}
          </p>
        </li>
      ))}
    </ul>
  );
}
