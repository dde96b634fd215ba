CREATE TABLE "_mq_api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"secret_hash" "bytea" NOT NULL,
	"scopes" text NOT NULL,
	"limits" text,
	"created_at" text NOT NULL,
	"expires_at" text,
	"last_used_at" text,
	"revoked_at" text,
	CONSTRAINT "_mq_api_keys_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "_mq_audit_log" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"at" text NOT NULL,
	"principal" text NOT NULL,
	"action" text NOT NULL,
	"target" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "_mq_secrets" (
	"name" text PRIMARY KEY NOT NULL,
	"value" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE INDEX "_mq_audit_log_by_action" ON "_mq_audit_log" USING btree ("action","seq");