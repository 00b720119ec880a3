-- The registration desk: who filed a contract and on whose behalf, its non-technical items
-- (技术交易额 = 成交额 − their sum, kept so by the triggers below), registration elsewhere,
-- cancellation and termination; the national system's records; padding flags; closed years.
-- New tables are STRICT. Contracts filed before carry their whole deduction as "other", which
-- is what 成交额 − 技术交易额 was.
CREATE TABLE `closed_year_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`year` integer NOT NULL,
	`contract_id` integer,
	`national_record_id` integer,
	`registration_no` text,
	`contract_value_fen` integer NOT NULL,
	`tech_value_fen` integer NOT NULL,
	`seller_division` text NOT NULL,
	`buyer_division` text NOT NULL,
	FOREIGN KEY (`year`) REFERENCES `closed_years`(`year`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contract_id`) REFERENCES `contracts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`national_record_id`) REFERENCES `national_records`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE INDEX `closed_year_items_year_idx` ON `closed_year_items` (`year`);--> statement-breakpoint
CREATE TABLE `closed_years` (
	`year` integer PRIMARY KEY NOT NULL,
	`figures` text NOT NULL,
	`closed_by` integer NOT NULL,
	`closed_at` text NOT NULL,
	FOREIGN KEY (`closed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE TABLE `contract_documents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contract_id` integer NOT NULL,
	`kind` text NOT NULL,
	`uploaded_by` integer NOT NULL,
	`display_name` text NOT NULL,
	`stored_name` text NOT NULL,
	`mime` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`sha256` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`contract_id`) REFERENCES `contracts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `contract_documents_stored_uq` ON `contract_documents` (`stored_name`);--> statement-breakpoint
CREATE INDEX `contract_documents_contract_idx` ON `contract_documents` (`contract_id`,`kind`);--> statement-breakpoint
CREATE TABLE `contract_flags` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contract_id` integer,
	`national_record_id` integer,
	`kind` text NOT NULL,
	`stage` text NOT NULL,
	`detail` text NOT NULL,
	`raised_at` text NOT NULL,
	`cleared_at` text,
	`cleared_by` integer,
	`clear_reason` text,
	FOREIGN KEY (`contract_id`) REFERENCES `contracts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`national_record_id`) REFERENCES `national_records`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`cleared_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "contract_flags_subject_ck" CHECK(("contract_flags"."contract_id" IS NULL) <> ("contract_flags"."national_record_id" IS NULL))
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `contract_flags_contract_uq` ON `contract_flags` (`contract_id`,`kind`);--> statement-breakpoint
CREATE UNIQUE INDEX `contract_flags_record_uq` ON `contract_flags` (`national_record_id`,`kind`);--> statement-breakpoint
CREATE TABLE `national_imports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`file_name` text NOT NULL,
	`sha256` text NOT NULL,
	`rows` integer NOT NULL,
	`imported` integer NOT NULL,
	`matched` integer NOT NULL,
	`to_confirm` integer NOT NULL,
	`imported_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`imported_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE TABLE `national_records` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`registration_no` text NOT NULL,
	`title` text NOT NULL,
	`type` text NOT NULL,
	`contract_field_code` text NOT NULL,
	`seller_name` text NOT NULL,
	`seller_credit_code` text NOT NULL,
	`seller_division` text NOT NULL,
	`buyer_name` text NOT NULL,
	`buyer_credit_code` text NOT NULL,
	`buyer_division` text NOT NULL,
	`contract_value_fen` integer NOT NULL,
	`tech_value_fen` integer NOT NULL,
	`signed_on` text NOT NULL,
	`registered_on` text NOT NULL,
	`registration_year` integer NOT NULL,
	`office` text NOT NULL,
	`status` text NOT NULL,
	`contract_id` integer,
	`import_id` integer NOT NULL,
	`row_no` integer NOT NULL,
	`decided_by` integer,
	`decided_at` text,
	`cancelled_at` text,
	`cancel_reason` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`contract_field_code`) REFERENCES `tech_fields`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contract_id`) REFERENCES `contracts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`import_id`) REFERENCES `national_imports`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "national_records_value_ck" CHECK("national_records"."contract_value_fen" > 0 AND "national_records"."tech_value_fen" >= 0 AND "national_records"."tech_value_fen" <= "national_records"."contract_value_fen")
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `national_records_no_uq` ON `national_records` (`registration_no`);--> statement-breakpoint
CREATE INDEX `national_records_status_idx` ON `national_records` (`status`,`registration_year`);--> statement-breakpoint
CREATE INDEX `national_records_parties_idx` ON `national_records` (`seller_credit_code`,`buyer_credit_code`,`signed_on`);--> statement-breakpoint
ALTER TABLE `contracts` ADD `equipment_fen` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `contracts` ADD `instruments_fen` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `contracts` ADD `materials_fen` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `contracts` ADD `other_fen` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `contracts` ADD `filed_by` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `contracts` ADD `filed_on_behalf` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `contracts` ADD `elsewhere_office` text;--> statement-breakpoint
ALTER TABLE `contracts` ADD `elsewhere_no` text;--> statement-breakpoint
ALTER TABLE `contracts` ADD `elsewhere_registered_on` text;--> statement-breakpoint
ALTER TABLE `contracts` ADD `elsewhere_confirmed_at` text;--> statement-breakpoint
ALTER TABLE `contracts` ADD `elsewhere_confirmed_by` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `contracts` ADD `cancelled_at` text;--> statement-breakpoint
ALTER TABLE `contracts` ADD `cancelled_by` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `contracts` ADD `cancel_reason` text;--> statement-breakpoint
ALTER TABLE `contracts` ADD `terminated_on` text;--> statement-breakpoint
ALTER TABLE `contracts` ADD `terminated_by` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `contracts` ADD `termination_reason` text;--> statement-breakpoint
CREATE INDEX `contracts_parties_idx` ON `contracts` (`seller_credit_code`,`buyer_credit_code`,`signed_on`);--> statement-breakpoint
UPDATE `contracts` SET `other_fen` = `contract_value_fen` - `tech_value_fen`;--> statement-breakpoint
CREATE TRIGGER `contracts_tech_parts_insert` BEFORE INSERT ON `contracts`
WHEN NEW.`equipment_fen` < 0 OR NEW.`instruments_fen` < 0 OR NEW.`materials_fen` < 0 OR NEW.`other_fen` < 0
  OR NEW.`tech_value_fen` <> NEW.`contract_value_fen` - NEW.`equipment_fen` - NEW.`instruments_fen` - NEW.`materials_fen` - NEW.`other_fen`
BEGIN
  SELECT RAISE(ABORT, 'contracts: tech_value_fen must be contract_value_fen less the non-technical items, each at least 0');
END;--> statement-breakpoint
CREATE TRIGGER `contracts_tech_parts_update` BEFORE UPDATE OF `contract_value_fen`, `tech_value_fen`, `equipment_fen`, `instruments_fen`, `materials_fen`, `other_fen` ON `contracts`
WHEN NEW.`equipment_fen` < 0 OR NEW.`instruments_fen` < 0 OR NEW.`materials_fen` < 0 OR NEW.`other_fen` < 0
  OR NEW.`tech_value_fen` <> NEW.`contract_value_fen` - NEW.`equipment_fen` - NEW.`instruments_fen` - NEW.`materials_fen` - NEW.`other_fen`
BEGIN
  SELECT RAISE(ABORT, 'contracts: tech_value_fen must be contract_value_fen less the non-technical items, each at least 0');
END;--> statement-breakpoint
CREATE TRIGGER `closed_years_no_update` BEFORE UPDATE ON `closed_years`
BEGIN
  SELECT RAISE(ABORT, 'closed_years is append-only: a closed year is never changed');
END;--> statement-breakpoint
CREATE TRIGGER `closed_years_no_delete` BEFORE DELETE ON `closed_years`
BEGIN
  SELECT RAISE(ABORT, 'closed_years is append-only: a closed year is never changed');
END;--> statement-breakpoint
CREATE TRIGGER `closed_year_items_no_update` BEFORE UPDATE ON `closed_year_items`
BEGIN
  SELECT RAISE(ABORT, 'closed_year_items is append-only: a closed year is never changed');
END;--> statement-breakpoint
CREATE TRIGGER `closed_year_items_no_delete` BEFORE DELETE ON `closed_year_items`
BEGIN
  SELECT RAISE(ABORT, 'closed_year_items is append-only: a closed year is never changed');
END;
