CREATE TABLE `_mq_quarantine_log` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dataset` text NOT NULL,
	`quarantine_id` integer NOT NULL,
	`action` text NOT NULL,
	`batch_id` text,
	`reason` text,
	`payload` text NOT NULL,
	`code` text NOT NULL,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `_mq_quarantine_log_by_dataset` ON `_mq_quarantine_log` (`dataset`,`quarantine_id`);