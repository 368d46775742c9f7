-- Guanxi schema, version 11: per-step totals of every journey as counters.
-- A run that finishes in the transaction that starts it (a one-step care
-- message for a whole shop's birthdays) records its steps here and writes no
-- journey_steps_done rows; runs that rest at a wait keep their rows. The
-- journey's step statistics read only this table.
CREATE TABLE journey_step_totals (
  journey_id BIGINT NOT NULL REFERENCES journeys (id),
  step TEXT NOT NULL,
  outcome TEXT NOT NULL,
  count BIGINT NOT NULL,
  PRIMARY KEY (journey_id, step, outcome)
) {{without_rowid}};

INSERT INTO journey_step_totals (journey_id, step, outcome, count)
  SELECT journey_id, step, outcome, COUNT(*) FROM journey_steps_done
  GROUP BY journey_id, step, outcome;

-- Only the statistics read steps by journey; they now read the totals.
DROP INDEX journey_steps_done_journey;
