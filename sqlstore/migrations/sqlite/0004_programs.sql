-- Programs own e-Messages (SPEC section 11). Every record belongs to one
-- program of its case, by code: its owner is whoever is assigned to that
-- program today, so reassigning a program moves its records with it and
-- nothing is stored per worker on the record. A county may name the program
-- a customer's message goes to when the customer is not sure.
ALTER TABLE counties ADD COLUMN default_program TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN program TEXT NOT NULL DEFAULT '';

-- Records written before this change go to their case's first program in
-- import order (no county has a default program yet).
UPDATE messages SET program = COALESCE(
    (SELECT cp.code FROM case_programs cp WHERE cp.case_id = messages.case_id ORDER BY cp.id LIMIT 1), '');
