CREATE TABLE `_mq_model_revisions` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dataset` text NOT NULL,
	`definition` text,
	`action` text NOT NULL,
	`at` text NOT NULL,
	`principal` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `_mq_model_revisions_by_dataset` ON `_mq_model_revisions` (`dataset`,`seq`);