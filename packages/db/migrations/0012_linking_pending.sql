-- LINE Login on a company site by a visitor who did not add the friend (they unticked the
-- add-friend option): the site vouched for the member and LINE for the user, but there is
-- no friend to link yet. The link waits here, keyed by the LINE user, and is made when that
-- user follows the channel; a newer sign-in replaces it.
CREATE TABLE pending_member_links (
  channel_id uuid NOT NULL REFERENCES channels (id),
  line_user_id text NOT NULL,
  member_id uuid NOT NULL REFERENCES members (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (channel_id, line_user_id)
);
CREATE INDEX pending_member_links_by_expiry ON pending_member_links (expires_at);

-- The site learns from the assertion that the link waits for the follow.
ALTER TABLE line_login_assertions ADD COLUMN link_pending boolean NOT NULL DEFAULT false;
