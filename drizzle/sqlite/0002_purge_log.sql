CREATE TABLE `_mq_purges` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dataset` text NOT NULL,
	`key_digest` text NOT NULL,
	`state` text NOT NULL,
	`history_entries` integer NOT NULL,
	`reason` text NOT NULL,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `_mq_purges_by_key` ON `_mq_purges` (`dataset`,`key_digest`);