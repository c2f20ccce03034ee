CREATE TABLE "form_submissions" (
	"scope" text NOT NULL,
	"token" text NOT NULL,
	"action" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "form_submissions_scope_token_pk" PRIMARY KEY("scope","token")
);
--> statement-breakpoint
CREATE INDEX "form_submissions_created_idx" ON "form_submissions" USING btree ("created_at");