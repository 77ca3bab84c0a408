-- Stand-ins and the team view (SPEC section 12). A worker's out-of-office
-- period (days in the county's time zone, inclusive; '' for none) and the
-- worker standing in meanwhile; the worker's supervisor. Both refer to
-- workers of the same county, which the service and the import check (no
-- foreign key: a copy between databases writes workers in id order).
ALTER TABLE workers ADD COLUMN away_from TEXT NOT NULL DEFAULT '';
ALTER TABLE workers ADD COLUMN away_to TEXT NOT NULL DEFAULT '';
ALTER TABLE workers ADD COLUMN stand_in_id BIGINT;
ALTER TABLE workers ADD COLUMN supervisor_id BIGINT;
CREATE INDEX workers_stand_in ON workers (stand_in_id);
CREATE INDEX workers_supervisor ON workers (supervisor_id);
