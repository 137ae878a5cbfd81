-- Test recipients: friends (staff's own LINE accounts) that a test send of the composer may
-- reach. A list of its own rather than a tag: a tag can be put on thousands of friends by a bulk
-- edit or a form, and a test send must never reach a customer. Marked one by one by staff who
-- may test-send; removed with the friend's channel.
CREATE TABLE message_test_recipients (
  channel_id uuid NOT NULL REFERENCES channels (id),
  friend_id bigint NOT NULL REFERENCES friends (id) ON DELETE CASCADE,
  added_by uuid REFERENCES staff_users (id),
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel_id, friend_id)
);
