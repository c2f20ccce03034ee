CREATE TABLE "key_scope_uses" (
	"key_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"last_used_at" timestamp with time zone NOT NULL,
	CONSTRAINT "key_scope_uses_key_id_scope_pk" PRIMARY KEY("key_id","scope")
);
--> statement-breakpoint
ALTER TABLE "key_scope_uses" ADD CONSTRAINT "key_scope_uses_key_id_api_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."api_keys"("id") ON DELETE cascade ON UPDATE no action;