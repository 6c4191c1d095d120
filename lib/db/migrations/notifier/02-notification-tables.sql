-- Notifications: one set per update operation that affected indexed manifests, each set a page-
-- able list of notifications and a delivery status. The operation is unique, so a notifier job
-- delivered twice makes one set.
CREATE TABLE notifier.notification_set (
  id uuid PRIMARY KEY,
  updater text NOT NULL,
  operation uuid NOT NULL UNIQUE,
  status text NOT NULL CHECK (status IN ('created', 'delivered', 'failed', 'deleted')),
  notifications integer NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- The sweep finds sets to deliver and sets to purge by status and age.
CREATE INDEX notification_set_status_idx ON notifier.notification_set (status, updated_at);

CREATE TABLE notifier.notification (
  id uuid PRIMARY KEY,
  set_id uuid NOT NULL REFERENCES notifier.notification_set (id) ON DELETE CASCADE,
  manifest text NOT NULL,
  reason text NOT NULL CHECK (reason IN ('added', 'removed')),
  vulnerability jsonb NOT NULL
);
-- Pages are read in id order within a set, from a cursor.
CREATE INDEX notification_page_idx ON notifier.notification (set_id, id);
