-- The Bureau's spreadsheets and its targets: imported needs, achievements and organisations
-- carry the import they came from; a policy target gains its unit and the date by which the
-- plan wants it reached. Targets already set get the unit their indicator counts in and the end
-- of their year as the deadline, which the Bureau can change.
CREATE TABLE `data_imports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`file_name` text NOT NULL,
	`sha256` text NOT NULL,
	`rows` integer NOT NULL,
	`imported` integer NOT NULL,
	`imported_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`imported_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
ALTER TABLE `achievements` ADD `import_id` integer REFERENCES data_imports(id);--> statement-breakpoint
ALTER TABLE `needs` ADD `import_id` integer REFERENCES data_imports(id);--> statement-breakpoint
ALTER TABLE `organisations` ADD `import_id` integer REFERENCES data_imports(id);--> statement-breakpoint
ALTER TABLE `policy_targets` ADD `unit` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `policy_targets` ADD `deadline` text;--> statement-breakpoint
UPDATE `policy_targets` SET `unit` = CASE `indicator`
  WHEN 'contract_amount_fen' THEN 'fen'
  WHEN 'brokers_trained' THEN '人'
  WHEN 'scenarios' THEN '个'
  ELSE '项' END;--> statement-breakpoint
UPDATE `policy_targets` SET `deadline` = `year` || '-12-31' WHERE `deadline` IS NULL;
