CREATE TABLE "leak_policy" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"action" text NOT NULL,
	"grace_minutes" integer NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "leak_policy_one_row" CHECK ("leak_policy"."id" = 1),
	CONSTRAINT "leak_policy_action" CHECK ("leak_policy"."action" in ('revoke', 'roll')),
	CONSTRAINT "leak_policy_grace" CHECK ("leak_policy"."grace_minutes" between 1 and 1440)
);
--> statement-breakpoint
CREATE TABLE "leak_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"via" text NOT NULL,
	"reported_by" uuid,
	"token_type" text NOT NULL,
	"url" text NOT NULL,
	"found_in" text,
	"key_id" uuid,
	"account_id" uuid,
	"secret_id" uuid,
	"outcome" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "leak_reports_received_idx" ON "leak_reports" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "leak_reports_secret_idx" ON "leak_reports" USING btree ("secret_id") WHERE "leak_reports"."secret_id" is not null;