-- The step that recorded each metric value (its KFP task name, display name or TFX component id;
-- '' when none is known), so `evaluate.loss` and `train.loss` stay apart. Added to summaries made
-- before it; the summaries are rebuilt at the next start because their settings fingerprint
-- names this column. Run when the column is absent.
ALTER TABLE `mnemos_metric` ADD COLUMN `step` VARCHAR(255) NOT NULL DEFAULT '';
