-- County settings (SPEC section 13). A county's holidays are days that are
-- not business days for the response window, kept as one comma-separated,
-- sorted list of YYYY-MM-DD days: read with every record, like the response
-- window, so that its overdue mark needs no second query. action_due_days is
-- the default due date of an action, in calendar days after sending.
ALTER TABLE counties ADD COLUMN holidays TEXT NOT NULL DEFAULT '';
ALTER TABLE counties ADD COLUMN action_due_days INTEGER NOT NULL DEFAULT 10;
