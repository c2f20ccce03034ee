CREATE TABLE "key_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid,
	"plan" "user_plan",
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"scopes" text[] NOT NULL,
	"environment" "key_environment" NOT NULL,
	"expires_in_days" integer,
	"rate_limit" integer NOT NULL,
	"rate_limit_window" "rate_limit_window" NOT NULL,
	"usage_quota" integer,
	"usage_quota_period" "usage_quota_period",
	"ip_allowlist" text[] DEFAULT '{}'::text[] NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "key_templates_kind_check" CHECK ("key_templates"."account_id" is null or "key_templates"."plan" is null),
	CONSTRAINT "key_templates_usage_quota_check" CHECK (("key_templates"."usage_quota" is null) = ("key_templates"."usage_quota_period" is null) and ("key_templates"."usage_quota" is null or "key_templates"."usage_quota" > 0)),
	CONSTRAINT "key_templates_expiry_check" CHECK ("key_templates"."expires_in_days" is null or "key_templates"."expires_in_days" > 0)
);
--> statement-breakpoint
ALTER TABLE "key_templates" ADD CONSTRAINT "key_templates_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "key_templates_account_name_idx" ON "key_templates" USING btree ("account_id",lower("name")) WHERE "key_templates"."account_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "key_templates_plan_name_idx" ON "key_templates" USING btree (lower("name")) WHERE "key_templates"."account_id" is null;--> statement-breakpoint
CREATE INDEX "key_templates_plan_idx" ON "key_templates" USING btree ("plan");--> statement-breakpoint
-- The two presets the key form offered before templates, as templates for every plan, so that every install (a fresh
-- one and one upgraded) offers what it did. Their scopes are the catalogue's as it is now (admin-only and deprecated
-- ones left out): a preset picked from the live catalogue, a template keeps a list, which admins edit on
-- /admin/templates. The rest is what the form started with: live, 90 days, 60 requests a minute, no quota.
INSERT INTO "key_templates" ("name", "description", "scopes", "environment", "expires_in_days", "rate_limit", "rate_limit_window")
SELECT 'Read only', 'Every read scope.',
  ARRAY(SELECT "name" FROM "scopes" WHERE "name" LIKE '%:read' AND NOT "admin_only" AND "deprecated_at" IS NULL ORDER BY "name"),
  'live'::"key_environment", 90, 60, 'minute'::"rate_limit_window"
UNION ALL
SELECT 'Full access', 'Every scope the plan allows.',
  ARRAY(SELECT "name" FROM "scopes" WHERE NOT "admin_only" AND "deprecated_at" IS NULL ORDER BY "name"),
  'live'::"key_environment", 90, 60, 'minute'::"rate_limit_window"
ON CONFLICT DO NOTHING;
