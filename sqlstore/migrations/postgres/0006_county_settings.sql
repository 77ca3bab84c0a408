-- County settings and templates (SPEC section 13). A county's holidays are
-- days that are not business days for the response window, kept as one
-- comma-separated, sorted list of YYYY-MM-DD days: read with every record,
-- like the response window, so that its overdue mark needs no second query.
-- action_due_days is the default due date of an action, in calendar days
-- after sending.
ALTER TABLE counties ADD COLUMN holidays TEXT NOT NULL DEFAULT '';
ALTER TABLE counties ADD COLUMN action_due_days INTEGER NOT NULL DEFAULT 10;

-- A county's ready-made bodies, one of a code in each language.
CREATE TABLE templates (
    county   TEXT COLLATE "C" NOT NULL REFERENCES counties (code),
    code     TEXT COLLATE "C" NOT NULL,
    language TEXT COLLATE "C" NOT NULL,
    title    TEXT NOT NULL,
    body     TEXT NOT NULL,
    PRIMARY KEY (county, code, language)
);
