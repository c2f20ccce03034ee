import Link from "next/link";
import { savedChannelChoices } from "@/db/queries/notifications";
import { EVENT_TYPE_NAMES, EVENT_TYPES } from "@/lib/events/catalogue";
import { channelChoices, isAlwaysDelivered } from "@/lib/events/channels";
import { eventTitle } from "@/lib/events/describe";
import { requireSession } from "@/lib/http/session";
import { Card } from "@/components/ui/card";
import { ChannelChoicesForm } from "@/components/notifications/channel-choices-form";
import { saveChannelChoicesAction } from "../actions";

export const metadata = { title: "Notification choices" };

export default async function NotificationChoicesPage() {
  const { user } = await requireSession();
  const choices = channelChoices(await savedChannelChoices(user.id));
  const rows = EVENT_TYPE_NAMES.map((type) => ({
    type,
    title: eventTitle(type),
    description: EVENT_TYPES[type],
    ...choices[type],
    forced: isAlwaysDelivered(type),
  }));
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm">
          <Link href="/notifications" className="text-zinc-600 underline underline-offset-2 hover:text-zinc-900">
            ← Notifications
          </Link>
        </p>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">What reaches you</h1>
        <p className="mt-1 text-sm text-zinc-600">
          Your own choices, for every account you belong to. Email goes to {user.email}.
        </p>
      </div>
      <Card>
        <ChannelChoicesForm rows={rows} save={saveChannelChoicesAction} />
      </Card>
    </div>
  );
}
