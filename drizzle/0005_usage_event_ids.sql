ALTER TABLE "usage_events" ADD COLUMN "event_id" uuid;--> statement-breakpoint
CREATE UNIQUE INDEX "usage_events_event_id_idx" ON "usage_events" USING btree ("event_id");