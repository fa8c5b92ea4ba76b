-- The step that recorded each metric value (its KFP task name, display name or TFX component id;
-- '' when none is known), so `evaluate.loss` and `train.loss` stay apart. Run when the column is
-- absent.
ALTER TABLE mnemos_metric ADD COLUMN IF NOT EXISTS step VARCHAR(255) NOT NULL DEFAULT '';
