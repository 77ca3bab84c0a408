-- Uploads get an opaque public id, used in every address, JSON answer and
-- audit entry instead of uploads.id: that one counter, shared by every
-- county, told anyone who uploaded twice how many documents the state
-- received in between. New uploads get an id made as a record's is (26
-- characters, NewUploadID); uploads stored before get 26 random characters
-- of the same alphabet, and the audit trail's upload entries are rekeyed to
-- them, so an old numeric address answers 404 and nothing shows the count.
-- trimmed is how many bytes the upload check took off around the document
-- (a phone's trailer after a JPEG, stray bytes around a PDF).
ALTER TABLE uploads ADD COLUMN public_id TEXT NOT NULL DEFAULT '';
ALTER TABLE uploads ADD COLUMN trimmed BIGINT NOT NULL DEFAULT 0;
-- The subquery names the row (uploads.id) so that it runs again for each.
UPDATE uploads SET public_id = (
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 26)
    SELECT group_concat(substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', 1 + (random() & 31), 1), '') FROM n WHERE uploads.id IS NOT NULL);
UPDATE audit_log SET object_id = (SELECT u.public_id FROM uploads u WHERE CAST(u.id AS TEXT) = audit_log.object_id)
    WHERE object_type = 'upload' AND object_id IN (SELECT CAST(id AS TEXT) FROM uploads);
CREATE UNIQUE INDEX uploads_public_id ON uploads (public_id);
