-- The tables that hold money in fen (and the policy targets, whose contract-amount target is
-- fen) become STRICT: a value that is not an integer, such as text or 12.5, is refused by the
-- database itself instead of being stored beside the amounts it would corrupt.
-- SQLite cannot make an existing table STRICT, so each is rebuilt: created anew with the same
-- columns, defaults, checks and foreign keys, every row copied with its id, the AUTOINCREMENT
-- counter carried over (ids are never reused), the old table dropped, the new one renamed and
-- its indexes created again. No trigger or view refers to these tables. migrateDb turns foreign
-- keys off around the migration run (a dropped parent table would otherwise cascade or fail),
-- so the last statement checks every foreign key and fails the migration, which then rolls
-- back whole, if any row points nowhere.
-- contracts
CREATE TABLE `__new_contracts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`family_id` integer,
	`amends_id` integer,
	`amendment_no` integer DEFAULT 0 NOT NULL,
	`superseded_at` text,
	`match_id` integer,
	`broker_user_id` integer,
	`title` text NOT NULL,
	`type` text NOT NULL,
	`sub_type` text NOT NULL,
	`buyer_name` text NOT NULL,
	`buyer_credit_code` text NOT NULL,
	`buyer_division` text NOT NULL,
	`buyer_org_id` integer,
	`seller_name` text NOT NULL,
	`seller_credit_code` text NOT NULL,
	`seller_division` text NOT NULL,
	`seller_org_id` integer,
	`contract_value_fen` integer NOT NULL,
	`tech_value_fen` integer NOT NULL,
	`signed_on` text NOT NULL,
	`term_start` text NOT NULL,
	`term_end` text NOT NULL,
	`payment_mode` text NOT NULL,
	`milestones` text NOT NULL,
	`related_party` integer DEFAULT false NOT NULL,
	`contract_field_code` text NOT NULL,
	`industry_chain_id` text,
	`ip_types` text NOT NULL,
	`commission_rate_bp` integer,
	`commission_fixed_fen` integer,
	`file_id` integer,
	`status` text DEFAULT 'draft' NOT NULL,
	`registration_no` text,
	`registered_at` text,
	`registered_by` integer,
	`registration_year` integer,
	`return_reason` text,
	`submitted_at` text,
	`created_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`match_id`) REFERENCES `matches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`broker_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`buyer_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`seller_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contract_field_code`) REFERENCES `tech_fields`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`industry_chain_id`) REFERENCES `industry_chains`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`file_id`) REFERENCES `deal_files`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`registered_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "contracts_value_ck" CHECK("__new_contracts"."contract_value_fen" > 0),
	CONSTRAINT "contracts_tech_value_ck" CHECK("__new_contracts"."tech_value_fen" >= 0 AND "__new_contracts"."tech_value_fen" <= "__new_contracts"."contract_value_fen"),
	CONSTRAINT "contracts_commission_ck" CHECK(("__new_contracts"."commission_rate_bp" IS NULL OR "__new_contracts"."commission_rate_bp" BETWEEN 0 AND 10000) AND ("__new_contracts"."commission_fixed_fen" IS NULL OR "__new_contracts"."commission_fixed_fen" >= 0))
) STRICT;--> statement-breakpoint
INSERT INTO `__new_contracts` (`id`, `family_id`, `amends_id`, `amendment_no`, `superseded_at`, `match_id`, `broker_user_id`, `title`, `type`, `sub_type`, `buyer_name`, `buyer_credit_code`, `buyer_division`, `buyer_org_id`, `seller_name`, `seller_credit_code`, `seller_division`, `seller_org_id`, `contract_value_fen`, `tech_value_fen`, `signed_on`, `term_start`, `term_end`, `payment_mode`, `milestones`, `related_party`, `contract_field_code`, `industry_chain_id`, `ip_types`, `commission_rate_bp`, `commission_fixed_fen`, `file_id`, `status`, `registration_no`, `registered_at`, `registered_by`, `registration_year`, `return_reason`, `submitted_at`, `created_by`, `created_at`, `updated_at`)
  SELECT `id`, `family_id`, `amends_id`, `amendment_no`, `superseded_at`, `match_id`, `broker_user_id`, `title`, `type`, `sub_type`, `buyer_name`, `buyer_credit_code`, `buyer_division`, `buyer_org_id`, `seller_name`, `seller_credit_code`, `seller_division`, `seller_org_id`, `contract_value_fen`, `tech_value_fen`, `signed_on`, `term_start`, `term_end`, `payment_mode`, `milestones`, `related_party`, `contract_field_code`, `industry_chain_id`, `ip_types`, `commission_rate_bp`, `commission_fixed_fen`, `file_id`, `status`, `registration_no`, `registered_at`, `registered_by`, `registration_year`, `return_reason`, `submitted_at`, `created_by`, `created_at`, `updated_at` FROM `contracts`;--> statement-breakpoint
DELETE FROM sqlite_sequence WHERE name = '__new_contracts';--> statement-breakpoint
INSERT INTO sqlite_sequence (name, seq) SELECT '__new_contracts', seq FROM sqlite_sequence WHERE name = 'contracts';--> statement-breakpoint
DROP TABLE `contracts`;--> statement-breakpoint
ALTER TABLE `__new_contracts` RENAME TO `contracts`;--> statement-breakpoint
CREATE INDEX `contracts_broker_idx` ON `contracts` (`broker_user_id`);--> statement-breakpoint
CREATE INDEX `contracts_family_idx` ON `contracts` (`family_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `contracts_registration_no_uq` ON `contracts` (`registration_no`);--> statement-breakpoint
CREATE INDEX `contracts_status_idx` ON `contracts` (`status`,`superseded_at`);--> statement-breakpoint

-- needs
CREATE TABLE `__new_needs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`org_id` integer NOT NULL,
	`created_by` integer NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`industry_chain_id` text NOT NULL,
	`tech_field_code` text NOT NULL,
	`budget_min_fen` integer,
	`budget_max_fen` integer,
	`cooperation_modes` text NOT NULL,
	`expected_trl` integer NOT NULL,
	`deadline` text NOT NULL,
	`county_code` text NOT NULL,
	`contact_name` text NOT NULL,
	`contact_phone` text NOT NULL,
	`contact_email` text,
	`status` text DEFAULT 'draft' NOT NULL,
	`list_year` integer,
	`review_note` text,
	`reviewed_by` integer,
	`submitted_at` text,
	`published_at` text,
	`confirmed_at` text,
	`closed_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`industry_chain_id`) REFERENCES `industry_chains`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tech_field_code`) REFERENCES `tech_fields`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`county_code`) REFERENCES `counties`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "needs_budget_min_ck" CHECK("__new_needs"."budget_min_fen" IS NULL OR "__new_needs"."budget_min_fen" >= 0),
	CONSTRAINT "needs_budget_range_ck" CHECK("__new_needs"."budget_max_fen" IS NULL OR "__new_needs"."budget_min_fen" IS NULL OR "__new_needs"."budget_max_fen" >= "__new_needs"."budget_min_fen"),
	CONSTRAINT "needs_trl_ck" CHECK("__new_needs"."expected_trl" BETWEEN 1 AND 9)
) STRICT;--> statement-breakpoint
INSERT INTO `__new_needs` (`id`, `org_id`, `created_by`, `title`, `description`, `industry_chain_id`, `tech_field_code`, `budget_min_fen`, `budget_max_fen`, `cooperation_modes`, `expected_trl`, `deadline`, `county_code`, `contact_name`, `contact_phone`, `contact_email`, `status`, `list_year`, `review_note`, `reviewed_by`, `submitted_at`, `published_at`, `confirmed_at`, `closed_at`, `created_at`, `updated_at`)
  SELECT `id`, `org_id`, `created_by`, `title`, `description`, `industry_chain_id`, `tech_field_code`, `budget_min_fen`, `budget_max_fen`, `cooperation_modes`, `expected_trl`, `deadline`, `county_code`, `contact_name`, `contact_phone`, `contact_email`, `status`, `list_year`, `review_note`, `reviewed_by`, `submitted_at`, `published_at`, `confirmed_at`, `closed_at`, `created_at`, `updated_at` FROM `needs`;--> statement-breakpoint
DELETE FROM sqlite_sequence WHERE name = '__new_needs';--> statement-breakpoint
INSERT INTO sqlite_sequence (name, seq) SELECT '__new_needs', seq FROM sqlite_sequence WHERE name = 'needs';--> statement-breakpoint
DROP TABLE `needs`;--> statement-breakpoint
ALTER TABLE `__new_needs` RENAME TO `needs`;--> statement-breakpoint
CREATE INDEX `needs_org_idx` ON `needs` (`org_id`);--> statement-breakpoint
CREATE INDEX `needs_status_idx` ON `needs` (`status`,`published_at`);--> statement-breakpoint
CREATE INDEX `needs_year_idx` ON `needs` (`list_year`);--> statement-breakpoint

-- achievements
CREATE TABLE `__new_achievements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`org_id` integer NOT NULL,
	`created_by` integer NOT NULL,
	`title` text NOT NULL,
	`summary` text NOT NULL,
	`keywords` text NOT NULL,
	`industry_chain_id` text NOT NULL,
	`tech_field_code` text NOT NULL,
	`trl` integer NOT NULL,
	`ip_type` text NOT NULL,
	`patent_numbers` text NOT NULL,
	`transfer_modes` text NOT NULL,
	`price_fen` integer,
	`owners` text NOT NULL,
	`county_code` text,
	`contact_name` text NOT NULL,
	`contact_phone` text NOT NULL,
	`contact_email` text,
	`status` text DEFAULT 'draft' NOT NULL,
	`transformation_list_year` integer,
	`transformation_listed_at` text,
	`review_note` text,
	`reviewed_by` integer,
	`submitted_at` text,
	`published_at` text,
	`confirmed_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`industry_chain_id`) REFERENCES `industry_chains`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tech_field_code`) REFERENCES `tech_fields`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`county_code`) REFERENCES `counties`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "achievements_price_ck" CHECK("__new_achievements"."price_fen" IS NULL OR "__new_achievements"."price_fen" >= 0),
	CONSTRAINT "achievements_trl_ck" CHECK("__new_achievements"."trl" BETWEEN 1 AND 9)
) STRICT;--> statement-breakpoint
INSERT INTO `__new_achievements` (`id`, `org_id`, `created_by`, `title`, `summary`, `keywords`, `industry_chain_id`, `tech_field_code`, `trl`, `ip_type`, `patent_numbers`, `transfer_modes`, `price_fen`, `owners`, `county_code`, `contact_name`, `contact_phone`, `contact_email`, `status`, `transformation_list_year`, `transformation_listed_at`, `review_note`, `reviewed_by`, `submitted_at`, `published_at`, `confirmed_at`, `created_at`, `updated_at`)
  SELECT `id`, `org_id`, `created_by`, `title`, `summary`, `keywords`, `industry_chain_id`, `tech_field_code`, `trl`, `ip_type`, `patent_numbers`, `transfer_modes`, `price_fen`, `owners`, `county_code`, `contact_name`, `contact_phone`, `contact_email`, `status`, `transformation_list_year`, `transformation_listed_at`, `review_note`, `reviewed_by`, `submitted_at`, `published_at`, `confirmed_at`, `created_at`, `updated_at` FROM `achievements`;--> statement-breakpoint
DELETE FROM sqlite_sequence WHERE name = '__new_achievements';--> statement-breakpoint
INSERT INTO sqlite_sequence (name, seq) SELECT '__new_achievements', seq FROM sqlite_sequence WHERE name = 'achievements';--> statement-breakpoint
DROP TABLE `achievements`;--> statement-breakpoint
ALTER TABLE `__new_achievements` RENAME TO `achievements`;--> statement-breakpoint
CREATE INDEX `achievements_org_idx` ON `achievements` (`org_id`);--> statement-breakpoint
CREATE INDEX `achievements_status_idx` ON `achievements` (`status`,`published_at`);--> statement-breakpoint
CREATE INDEX `achievements_tlist_idx` ON `achievements` (`transformation_list_year`);--> statement-breakpoint

-- reward_rules
CREATE TABLE `__new_reward_rules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`year` integer NOT NULL,
	`rate_bp` integer NOT NULL,
	`base` text NOT NULL,
	`cap_per_broker_year_fen` integer,
	`require_need_before_signing` integer DEFAULT true NOT NULL,
	`source` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`updated_by` integer,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
) STRICT;--> statement-breakpoint
INSERT INTO `__new_reward_rules` (`id`, `name`, `year`, `rate_bp`, `base`, `cap_per_broker_year_fen`, `require_need_before_signing`, `source`, `active`, `updated_by`, `updated_at`)
  SELECT `id`, `name`, `year`, `rate_bp`, `base`, `cap_per_broker_year_fen`, `require_need_before_signing`, `source`, `active`, `updated_by`, `updated_at` FROM `reward_rules`;--> statement-breakpoint
DELETE FROM sqlite_sequence WHERE name = '__new_reward_rules';--> statement-breakpoint
INSERT INTO sqlite_sequence (name, seq) SELECT '__new_reward_rules', seq FROM sqlite_sequence WHERE name = 'reward_rules';--> statement-breakpoint
DROP TABLE `reward_rules`;--> statement-breakpoint
ALTER TABLE `__new_reward_rules` RENAME TO `reward_rules`;--> statement-breakpoint

-- policy_targets
CREATE TABLE `__new_policy_targets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`indicator` text NOT NULL,
	`year` integer NOT NULL,
	`target_value` integer NOT NULL,
	`source` text NOT NULL,
	`updated_by` integer,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
) STRICT;--> statement-breakpoint
INSERT INTO `__new_policy_targets` (`id`, `indicator`, `year`, `target_value`, `source`, `updated_by`, `updated_at`)
  SELECT `id`, `indicator`, `year`, `target_value`, `source`, `updated_by`, `updated_at` FROM `policy_targets`;--> statement-breakpoint
DELETE FROM sqlite_sequence WHERE name = '__new_policy_targets';--> statement-breakpoint
INSERT INTO sqlite_sequence (name, seq) SELECT '__new_policy_targets', seq FROM sqlite_sequence WHERE name = 'policy_targets';--> statement-breakpoint
DROP TABLE `policy_targets`;--> statement-breakpoint
ALTER TABLE `__new_policy_targets` RENAME TO `policy_targets`;--> statement-breakpoint
CREATE UNIQUE INDEX `policy_targets_uq` ON `policy_targets` (`indicator`,`year`);--> statement-breakpoint

-- every foreign key still resolves, or nothing of this migration is kept
CREATE TEMP TABLE `_strict_money_fk_check` (`violations` integer NOT NULL CHECK (`violations` = 0));--> statement-breakpoint
INSERT INTO `_strict_money_fk_check` SELECT count(*) FROM pragma_foreign_key_check;--> statement-breakpoint
DROP TABLE `_strict_money_fk_check`;
