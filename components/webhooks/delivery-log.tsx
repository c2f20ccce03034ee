import Link from "next/link";
import type { WebhookAttempt, WebhookDelivery } from "@/db/schema";
import { ResendButton } from "./endpoint-controls";
import { DeliveryStatus } from "./endpoint-status";
import type { WebhookActions } from "./types";
import { When } from "@/components/ui/when";

interface DeliveryLogProps {
  webhookId: string;
  deliveries: WebhookDelivery[];
  attempts: WebhookAttempt[];
  /** The next page's link, when more deliveries follow. */
  nextHref: string | null;
  actions: WebhookActions;
}

/**
 * The delivery log: each message, newest first, with its state and every attempt: the headers sent, the answer's
 * status and first 2 KB, or why there was none. Each can be resent.
 */
export function DeliveryLog({ webhookId, deliveries, attempts, nextHref, actions }: DeliveryLogProps) {
  if (deliveries.length === 0) {
    return <p className="py-6 text-center text-sm text-zinc-600">No deliveries yet. Send a test message to see one here.</p>;
  }
  return (
    <div>
      <ul className="divide-y divide-zinc-100">
        {deliveries.map((delivery) => {
          const own = attempts.filter((attempt) => attempt.deliveryId === delivery.id);
          return (
            <li key={delivery.id} className="py-3">
              <details>
                <summary className="flex cursor-pointer flex-wrap items-center gap-x-3 gap-y-1 text-sm">
                  <span className="font-mono text-xs text-zinc-900">{delivery.eventType}</span>
                  <DeliveryStatus status={delivery.status} />
                  <span className="text-xs text-zinc-500">
                    {delivery.lastResponseStatus !== null
                      ? `HTTP ${delivery.lastResponseStatus}`
                      : (delivery.lastError ?? "waiting")}
                  </span>
                  <span className="text-xs text-zinc-500">
                    {delivery.attempts} {delivery.attempts === 1 ? "attempt" : "attempts"}
                  </span>
                  <span className="ml-auto text-xs text-zinc-500">
                    <When date={delivery.createdAt} show="datetime" />
                  </span>
                </summary>
                <div className="mt-3 space-y-3 rounded-md bg-zinc-50 p-3 text-xs">
                  <p className="break-all text-zinc-600">
                    Message <span className="font-mono">{delivery.messageId}</span>
                    {delivery.status === "pending" && (
                      <>
                        {" "}
                        · next attempt <When date={delivery.nextAttemptAt} show="datetime" />
                      </>
                    )}
                  </p>
                  <div>
                    <p className="font-medium text-zinc-800">Payload</p>
                    <pre className="mt-1 max-h-48 overflow-auto rounded bg-zinc-900 p-2 break-all whitespace-pre-wrap text-zinc-100">
                      {JSON.stringify(delivery.payload, null, 2)}
                    </pre>
                  </div>
                  {own.length > 0 && (
                    <ol className="space-y-2">
                      {own.map((attempt) => (
                        <li key={attempt.id} className="rounded bg-white p-2 ring-1 ring-zinc-200">
                          <p className="text-zinc-700">
                            Attempt {attempt.attempt} · <When date={attempt.at} show="datetime" /> · {attempt.durationMs} ms ·{" "}
                            {attempt.responseStatus !== null ? `HTTP ${attempt.responseStatus}` : attempt.error}
                          </p>
                          <p className="mt-1 font-mono break-all text-zinc-500">
                            POST {attempt.url}
                            {Object.entries(attempt.requestHeaders).map(([name, value]) => (
                              <span key={name} className="block">
                                {name}: {value}
                              </span>
                            ))}
                          </p>
                          {attempt.responseBody && (
                            <pre className="mt-1 max-h-32 overflow-auto break-all whitespace-pre-wrap text-zinc-700">
                              {attempt.responseBody}
                            </pre>
                          )}
                        </li>
                      ))}
                    </ol>
                  )}
                  <ResendButton input={{ ...actions.fields, webhookId, deliveryId: delivery.id }} resend={actions.resend} />
                </div>
              </details>
            </li>
          );
        })}
      </ul>
      {nextHref && (
        <div className="mt-3 text-right">
          <Link href={nextHref} className="text-sm font-medium text-brand-600 hover:underline">
            Older deliveries →
          </Link>
        </div>
      )}
    </div>
  );
}
