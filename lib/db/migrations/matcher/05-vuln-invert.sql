-- RHEL VEX's "known not affected" assertions (claircore's Invert): stored with the other records
-- of their CVE, so a delta update replaces them together, but never matched or reported.
ALTER TABLE matcher.vuln ADD COLUMN invert boolean NOT NULL DEFAULT false;
