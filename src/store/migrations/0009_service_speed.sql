-- Guanxi schema, version 9: service-desk speed and search.
--
-- Each SLA clock's outcome and business time are stored on the ticket when the
-- clock stops, so the service report sums columns instead of recomputing
-- business hours per ticket. `speed_stored` is 1 once the columns below are
-- kept for the row; rows written before this version have 0 and are filled in
-- by the service engine (the report recomputes such a row until then).
--   first_response_ms        business ms (shop hours, waits on the customer
--                            excluded) from creation to the first agent reply,
--                            or the first resolution / a close if earlier;
--                            NULL while that clock runs
--   first_response_breached  1 the first-response clock stopped past its due
--                            time, 0 in time; NULL while running or when the
--                            priority has no SLA target
--   first_resolution_ms      business ms from creation to the first resolution
--   resolution_breached      the resolution clock at its current stop (the
--                            latest resolution, or a close); NULL while it runs
--                            (a reopen clears it)
ALTER TABLE tickets ADD COLUMN speed_stored BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN first_response_ms BIGINT;
ALTER TABLE tickets ADD COLUMN first_response_breached BIGINT;
ALTER TABLE tickets ADD COLUMN first_resolution_ms BIGINT;
ALTER TABLE tickets ADD COLUMN resolution_breached BIGINT;
CREATE INDEX tickets_speed_missing ON tickets (id) WHERE speed_stored = 0;

-- Full-text search of a ticket's subject and opening message (description):
-- the trigram tokenizer indexes every 3-character substring, so Chinese text
-- without spaces is found by any part of 3 characters or more (shorter queries
-- fall back to LIKE). The rowid is the ticket's id; the service table writes
-- it in the transaction of the ticket's insert or update. (SQLite FTS5; on
-- PostgreSQL the same role falls to a pg_trgm GIN index on tickets.)
CREATE VIRTUAL TABLE ticket_search USING fts5(subject, body, tokenize = 'trigram');
INSERT INTO ticket_search (rowid, subject, body) SELECT id, subject, description FROM tickets;
