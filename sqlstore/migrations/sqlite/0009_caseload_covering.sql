-- The caseload queries read (case_id, code) of each of a worker's
-- case_programs rows: with code in the index they never visit the table.
DROP INDEX IF EXISTS case_programs_worker;
CREATE INDEX case_programs_worker ON case_programs (worker_id, case_id, code);
-- Home counts read all the open records of a (case, program) pair with one
-- seek: status comes after the pair's key, not in it, so a list of statuses
-- is not one seek each.
DROP INDEX IF EXISTS messages_open;
CREATE INDEX messages_open ON messages (case_id, program, created_at, due_date, status)
    WHERE status IN ('received', 'read', 'action_completed', 'new_action');
