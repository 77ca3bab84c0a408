-- A worker's caseload is the records of the programs they hold (SPEC
-- section 11): the caseload queries walk from the worker's case_programs
-- rows to their records by (case_id, program), with no check per record.
CREATE INDEX messages_case_program ON messages (case_id, program, created_at DESC, id DESC);
-- Home counts: only the records that may need the worker, covering the
-- counts, by program now.
DROP INDEX IF EXISTS messages_open;
CREATE INDEX messages_open ON messages (case_id, program, status, created_at, due_date)
    WHERE status IN ('received', 'read', 'action_completed', 'new_action');
