-- The money side: milestones with stable ids, the ledger, Checkout attempts, Stripe events
-- and bank transfers with their receipts. The tables that hold fen are STRICT, as in 0004;
-- the ledger is append-only, as the audit trail is (0001).
CREATE TABLE `bank_transfers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contract_id` integer NOT NULL,
	`milestone_id` integer,
	`amount_fen` integer NOT NULL,
	`received_on` text NOT NULL,
	`payer_name` text NOT NULL,
	`bank_reference` text NOT NULL,
	`receipt_file_id` integer,
	`recorded_by` integer NOT NULL,
	`recorded_as` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`decision_reason` text,
	`decided_by` integer,
	`decided_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`contract_id`) REFERENCES `contracts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`milestone_id`) REFERENCES `payment_milestones`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`receipt_file_id`) REFERENCES `payment_receipts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "bank_transfers_amount_ck" CHECK("bank_transfers"."amount_fen" > 0)
) STRICT;
--> statement-breakpoint
CREATE INDEX `bank_transfers_contract_idx` ON `bank_transfers` (`contract_id`);--> statement-breakpoint
CREATE INDEX `bank_transfers_status_idx` ON `bank_transfers` (`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `ledger_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`contract_id` integer NOT NULL,
	`milestone_id` integer,
	`amount_fen` integer NOT NULL,
	`currency` text DEFAULT 'CNY' NOT NULL,
	`source` text NOT NULL,
	`source_ref` text NOT NULL,
	`beneficiary_org_id` integer,
	`beneficiary_user_id` integer,
	`effective_at` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`created_by` integer,
	FOREIGN KEY (`contract_id`) REFERENCES `contracts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`milestone_id`) REFERENCES `payment_milestones`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`beneficiary_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`beneficiary_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "ledger_entries_amount_ck" CHECK("ledger_entries"."amount_fen" > 0),
	CONSTRAINT "ledger_entries_currency_ck" CHECK(length("ledger_entries"."currency") = 3 AND "ledger_entries"."currency" = upper("ledger_entries"."currency"))
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_entries_source_uq` ON `ledger_entries` (`source`,`kind`,`source_ref`);--> statement-breakpoint
CREATE INDEX `ledger_entries_contract_idx` ON `ledger_entries` (`contract_id`,`kind`);--> statement-breakpoint
CREATE INDEX `ledger_entries_milestone_idx` ON `ledger_entries` (`milestone_id`);--> statement-breakpoint
CREATE TABLE `payment_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contract_id` integer NOT NULL,
	`milestone_id` integer NOT NULL,
	`amount_fen` integer NOT NULL,
	`currency` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`stripe_session_id` text,
	`checkout_url` text,
	`payment_intent_id` text,
	`status` text DEFAULT 'open' NOT NULL,
	`failure_message` text,
	`expires_at` text,
	`created_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`contract_id`) REFERENCES `contracts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`milestone_id`) REFERENCES `payment_milestones`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "payment_attempts_amount_ck" CHECK("payment_attempts"."amount_fen" > 0)
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `payment_attempts_idempotency_uq` ON `payment_attempts` (`idempotency_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `payment_attempts_session_uq` ON `payment_attempts` (`stripe_session_id`);--> statement-breakpoint
CREATE INDEX `payment_attempts_intent_idx` ON `payment_attempts` (`payment_intent_id`);--> statement-breakpoint
CREATE INDEX `payment_attempts_contract_idx` ON `payment_attempts` (`contract_id`,`milestone_id`);--> statement-breakpoint
CREATE TABLE `payment_milestones` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`family_id` integer NOT NULL,
	`contract_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`title` text NOT NULL,
	`due_on` text NOT NULL,
	`amount_fen` integer NOT NULL,
	`removed_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`family_id`) REFERENCES `contracts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contract_id`) REFERENCES `contracts`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "payment_milestones_amount_ck" CHECK("payment_milestones"."amount_fen" > 0),
	CONSTRAINT "payment_milestones_seq_ck" CHECK("payment_milestones"."seq" >= 1)
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `payment_milestones_family_seq_uq` ON `payment_milestones` (`family_id`,`seq`);--> statement-breakpoint
CREATE TABLE `payment_receipts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contract_id` integer NOT NULL,
	`uploaded_by` integer NOT NULL,
	`display_name` text NOT NULL,
	`stored_name` text NOT NULL,
	`mime` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`sha256` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`contract_id`) REFERENCES `contracts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payment_receipts_stored_uq` ON `payment_receipts` (`stored_name`);--> statement-breakpoint
CREATE INDEX `payment_receipts_contract_idx` ON `payment_receipts` (`contract_id`);--> statement-breakpoint
CREATE TABLE `stripe_events` (
	`event_id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`received_at` text NOT NULL,
	`processed_at` text
);

--> statement-breakpoint
-- The ledger is history: an entry is never edited or removed; a correction is a new entry.
CREATE TRIGGER `ledger_entries_no_update` BEFORE UPDATE ON `ledger_entries`
BEGIN
  SELECT RAISE(ABORT, 'ledger_entries is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `ledger_entries_no_delete` BEFORE DELETE ON `ledger_entries`
BEGIN
  SELECT RAISE(ABORT, 'ledger_entries is append-only');
END;
--> statement-breakpoint
-- Contracts registered before this migration get their milestones from the payment plan
-- recorded at filing (contracts.milestones), one row per position, from the family's
-- current registered version. Later registrations create and carry them in code.
INSERT INTO `payment_milestones` (`family_id`, `contract_id`, `seq`, `title`, `due_on`, `amount_fen`)
  SELECT coalesce(c.`family_id`, c.`id`), c.`id`, m.`key` + 1, json_extract(m.`value`, '$.title'), json_extract(m.`value`, '$.dueOn'), json_extract(m.`value`, '$.amountFen')
  FROM `contracts` c, json_each(c.`milestones`) m
  WHERE c.`status` = 'registered' AND c.`superseded_at` IS NULL
  ORDER BY c.`id`, m.`key`;
