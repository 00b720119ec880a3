-- Subsidy rules, and the batches in which subsidies and broker rewards are computed, reviewed
-- and approved. All three tables hold fen and are STRICT. An approved batch is frozen by the
-- triggers at the end.
-- reward_rules.cap_per_broker_year_fen becomes NOT NULL: a rule without a cap is refused. A rule
-- saved without one before gets 20,000,000 fen (200,000 yuan a broker a year, the 兰州 figure
-- the demo rule uses), and an audit event records the change, so the Bureau sees it and can
-- set another. The table is rebuilt as 0004 rebuilt it: STRICT, every row and its id, the
-- AUTOINCREMENT counter carried over.
CREATE TABLE `award_batch_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`batch_id` integer NOT NULL,
	`kind` text NOT NULL,
	`contract_id` integer NOT NULL,
	`version_id` integer NOT NULL,
	`title` text NOT NULL,
	`registration_no` text,
	`achievement_id` integer,
	`beneficiary_key` text NOT NULL,
	`beneficiary_name` text NOT NULL,
	`beneficiary_org_id` integer,
	`broker_user_id` integer,
	`rule_id` integer,
	`year` integer NOT NULL,
	`base_kind` text NOT NULL,
	`base_fen` integer NOT NULL,
	`rate_bp` integer NOT NULL,
	`cap_fen` integer NOT NULL,
	`cap_applied` integer NOT NULL,
	`entitled_fen` integer NOT NULL,
	`awarded_before_fen` integer NOT NULL,
	`amount_fen` integer NOT NULL,
	FOREIGN KEY (`batch_id`) REFERENCES `award_batches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contract_id`) REFERENCES `contracts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`version_id`) REFERENCES `contracts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`achievement_id`) REFERENCES `achievements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`beneficiary_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`broker_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "award_batch_lines_amount_ck" CHECK("award_batch_lines"."amount_fen" = "award_batch_lines"."entitled_fen" - "award_batch_lines"."awarded_before_fen" AND "award_batch_lines"."amount_fen" <> 0)
) STRICT;
--> statement-breakpoint
CREATE INDEX `award_batch_lines_batch_idx` ON `award_batch_lines` (`batch_id`,`id`);--> statement-breakpoint
CREATE INDEX `award_batch_lines_award_idx` ON `award_batch_lines` (`kind`,`beneficiary_key`,`contract_id`);--> statement-breakpoint
CREATE INDEX `award_batch_lines_broker_idx` ON `award_batch_lines` (`broker_user_id`);--> statement-breakpoint
CREATE TABLE `award_batches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`period_start` text NOT NULL,
	`period_end` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`line_count` integer DEFAULT 0 NOT NULL,
	`total_fen` integer DEFAULT 0 NOT NULL,
	`computed_by` integer NOT NULL,
	`computed_at` text NOT NULL,
	`approved_by` integer,
	`approved_at` text,
	`paid_by` integer,
	`paid_at` text,
	FOREIGN KEY (`computed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`approved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`paid_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "award_batches_period_ck" CHECK("award_batches"."period_start" <= "award_batches"."period_end")
) STRICT;
--> statement-breakpoint
CREATE INDEX `award_batches_kind_idx` ON `award_batches` (`kind`,`status`);--> statement-breakpoint
CREATE UNIQUE INDEX `award_batches_one_draft_uq` ON `award_batches` (`kind`) WHERE status = 'draft';--> statement-breakpoint
CREATE TABLE `subsidy_rules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`year` integer NOT NULL,
	`rate_bp` integer NOT NULL,
	`beneficiary` text DEFAULT 'seller' NOT NULL,
	`cap_per_achievement_fen` integer NOT NULL,
	`cap_per_beneficiary_year_fen` integer,
	`source` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`updated_by` integer,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT "subsidy_rules_rate_ck" CHECK("subsidy_rules"."rate_bp" BETWEEN 1 AND 10000),
	CONSTRAINT "subsidy_rules_caps_ck" CHECK("subsidy_rules"."cap_per_achievement_fen" > 0 AND ("subsidy_rules"."cap_per_beneficiary_year_fen" IS NULL OR "subsidy_rules"."cap_per_beneficiary_year_fen" > 0))
) STRICT;
--> statement-breakpoint
CREATE INDEX `subsidy_rules_year_idx` ON `subsidy_rules` (`year`);--> statement-breakpoint
CREATE TABLE `__new_reward_rules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`year` integer NOT NULL,
	`rate_bp` integer NOT NULL,
	`base` text NOT NULL,
	`cap_per_broker_year_fen` integer NOT NULL,
	`require_need_before_signing` integer DEFAULT true NOT NULL,
	`source` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`updated_by` integer,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
) STRICT;
--> statement-breakpoint
INSERT INTO `audit_events` (`action`, `entity`, `entity_id`, `before`, `after`)
  SELECT 'migrate:cap', 'reward_rule', CAST(`id` AS TEXT), json_object('capPerBrokerYearFen', NULL), json_object('capPerBrokerYearFen', 20000000)
  FROM `reward_rules` WHERE `cap_per_broker_year_fen` IS NULL;--> statement-breakpoint
INSERT INTO `__new_reward_rules`("id", "name", "year", "rate_bp", "base", "cap_per_broker_year_fen", "require_need_before_signing", "source", "active", "updated_by", "updated_at") SELECT "id", "name", "year", "rate_bp", "base", COALESCE("cap_per_broker_year_fen", 20000000), "require_need_before_signing", "source", "active", "updated_by", "updated_at" FROM `reward_rules`;--> statement-breakpoint
DELETE FROM sqlite_sequence WHERE name = '__new_reward_rules';--> statement-breakpoint
INSERT INTO sqlite_sequence (name, seq) SELECT '__new_reward_rules', seq FROM sqlite_sequence WHERE name = 'reward_rules';--> statement-breakpoint
DROP TABLE `reward_rules`;--> statement-breakpoint
ALTER TABLE `__new_reward_rules` RENAME TO `reward_rules`;
--> statement-breakpoint
-- An approved batch is frozen: its lines cannot be added to, changed or removed, and the
-- batch itself can only be marked paid, once. A rule edited, an amendment registered or a
-- refund recorded later shows in the next batch instead.
CREATE TRIGGER `award_batch_lines_frozen_insert` BEFORE INSERT ON `award_batch_lines`
WHEN (SELECT status FROM award_batches WHERE id = NEW.batch_id) = 'approved'
BEGIN
  SELECT RAISE(ABORT, 'award batch is approved and frozen');
END;
--> statement-breakpoint
CREATE TRIGGER `award_batch_lines_frozen_update` BEFORE UPDATE ON `award_batch_lines`
WHEN (SELECT status FROM award_batches WHERE id = OLD.batch_id) = 'approved'
  OR (SELECT status FROM award_batches WHERE id = NEW.batch_id) = 'approved'
BEGIN
  SELECT RAISE(ABORT, 'award batch is approved and frozen');
END;
--> statement-breakpoint
CREATE TRIGGER `award_batch_lines_frozen_delete` BEFORE DELETE ON `award_batch_lines`
WHEN (SELECT status FROM award_batches WHERE id = OLD.batch_id) = 'approved'
BEGIN
  SELECT RAISE(ABORT, 'award batch is approved and frozen');
END;
--> statement-breakpoint
CREATE TRIGGER `award_batches_frozen_update` BEFORE UPDATE ON `award_batches`
WHEN OLD.status = 'approved' AND (
  OLD.paid_at IS NOT NULL OR NEW.paid_at IS NULL OR NEW.paid_by IS NULL
  OR NEW.id IS NOT OLD.id OR NEW.kind IS NOT OLD.kind OR NEW.period_start IS NOT OLD.period_start OR NEW.period_end IS NOT OLD.period_end
  OR NEW.status IS NOT OLD.status OR NEW.line_count IS NOT OLD.line_count OR NEW.total_fen IS NOT OLD.total_fen
  OR NEW.computed_by IS NOT OLD.computed_by OR NEW.computed_at IS NOT OLD.computed_at
  OR NEW.approved_by IS NOT OLD.approved_by OR NEW.approved_at IS NOT OLD.approved_at)
BEGIN
  SELECT RAISE(ABORT, 'award batch is approved and frozen');
END;
--> statement-breakpoint
CREATE TRIGGER `award_batches_frozen_delete` BEFORE DELETE ON `award_batches`
WHEN OLD.status = 'approved'
BEGIN
  SELECT RAISE(ABORT, 'award batch is approved and frozen');
END;
