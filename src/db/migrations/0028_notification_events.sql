-- Notification events and preferences (issue 20, points 1, 3 and 6; src/notifications/events.ts).
--
-- The inbox takes the events' kinds (the part of an event's kind before the dot: 'progress.due' → 'progress').
ALTER TABLE inbox_items DROP CONSTRAINT inbox_items_kind_check;
ALTER TABLE inbox_items ADD CONSTRAINT inbox_items_kind_check
  CHECK (kind IN ('approval', 'publication', 'advice', 'progress', 'evidence', 'oit', 'complaint', 'survey', 'calendar'));

-- Who wants which events on which channel (the inbox always has every one): a person's own row (org_id NULL), or
-- an organisation's defaults set by its administrator (person_id NULL); a person without a row of their own has
-- their organisation's defaults, and without those every kind on every channel. `email_off` and `line_off` list
-- the event kinds turned off ('approval.requested', …); `digest`: one e-mail a day instead of single messages;
-- quiet hours (Bangkok time): no LINE between quiet_start and quiet_end, postponed to quiet_end.
CREATE TABLE notification_preferences (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid REFERENCES organisations (id) ON DELETE CASCADE,
  person_id uuid REFERENCES people (id) ON DELETE CASCADE,
  email_off text[] NOT NULL DEFAULT '{}',
  line_off text[] NOT NULL DEFAULT '{}',
  digest boolean NOT NULL DEFAULT false,
  quiet_start time(0) NOT NULL DEFAULT '21:00',
  quiet_end time(0) NOT NULL DEFAULT '07:00',
  lang text NOT NULL DEFAULT 'th' CHECK (lang IN ('th', 'en')),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  CHECK ((org_id IS NULL) <> (person_id IS NULL))
);
CREATE UNIQUE INDEX notification_preferences_person ON notification_preferences (person_id) WHERE person_id IS NOT NULL;
CREATE UNIQUE INDEX notification_preferences_org ON notification_preferences (org_id) WHERE org_id IS NOT NULL;
SELECT prongsai_audit_table('notification_preferences'::regclass, ARRAY['id']);

-- The rate limit: messages queued per person and hour (Bangkok clock of the event); past the limit, the rest go
-- into the day's digest. Not audited (a counter).
CREATE TABLE notification_sends (
  person_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  hour timestamptz(0) NOT NULL,
  sent int NOT NULL DEFAULT 0 CHECK (sent >= 0),
  PRIMARY KEY (person_id, hour)
);

-- Deliveries that ended without sending (no SMTP server configured, no LINE channel, no address or link): recorded
-- once per delivery key. Not audited.
CREATE TABLE delivery_skips (
  key text PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 500),
  reason text NOT NULL CHECK (reason IN ('no-smtp', 'no-line-channel', 'no-address', 'no-line-link', 'nothing')),
  at timestamptz(3) NOT NULL DEFAULT now()
);

-- The daily digest's entries: a notification for a person who asked for a digest (or past the rate limit), kept
-- until that Bangkok day's digest e-mail is sent (the job 'notify.digest'). One entry per person, day, kind and
-- subject. Not audited (a copy of inbox items).
CREATE TABLE notification_digest (
  person_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  day date NOT NULL,
  kind text NOT NULL,
  subject text NOT NULL,
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  title_th text NOT NULL,
  title_en text NOT NULL,
  link text NOT NULL,
  added_at timestamptz(3) NOT NULL,
  PRIMARY KEY (person_id, day, kind, subject)
);
