-- Matching checks each candidate row against the latest operations of the updaters: an index on
-- (vuln, uo) answers that from the index alone, where (vuln) had to visit the table per row.
CREATE INDEX uo_vuln_vuln_uo_idx ON matcher.uo_vuln (vuln, uo);
DROP INDEX matcher.uo_vuln_vuln_idx;
