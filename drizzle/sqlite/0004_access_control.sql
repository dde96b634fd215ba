CREATE TABLE `_mq_api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`secret_hash` blob NOT NULL,
	`scopes` text NOT NULL,
	`limits` text,
	`created_at` text NOT NULL,
	`expires_at` text,
	`last_used_at` text,
	`revoked_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `_mq_api_keys_name_unique` ON `_mq_api_keys` (`name`);--> statement-breakpoint
CREATE TABLE `_mq_audit_log` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`principal` text NOT NULL,
	`action` text NOT NULL,
	`target` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `_mq_audit_log_by_action` ON `_mq_audit_log` (`action`,`seq`);--> statement-breakpoint
CREATE TABLE `_mq_secrets` (
	`name` text PRIMARY KEY NOT NULL,
	`value` blob NOT NULL
);
