-- Click tracking (docs/decisions/012-click-tracking.md). A campaign's http(s) URLs are replaced,
-- when it is created, by `/l/<code>` links; a visit records a click and redirects to the URL.
CREATE TABLE tracked_links (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE,
  channel_id uuid NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
  campaign_id uuid REFERENCES campaigns (id) ON DELETE CASCADE,
  -- 0-based variant index; null for a single-variant campaign.
  variant smallint,
  url text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- A campaign's links, and the cascade when a campaign is deleted.
CREATE INDEX tracked_links_by_campaign ON tracked_links (campaign_id);

-- One row per click; friend_id is null when the click could not be tied to a friend.
CREATE TABLE link_clicks (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  link_id uuid NOT NULL REFERENCES tracked_links (id) ON DELETE CASCADE,
  campaign_id uuid,
  variant smallint,
  friend_id bigint,
  clicked_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX link_clicks_by_campaign ON link_clicks (campaign_id, variant, friend_id);

-- A reload within seconds is not a second click: the latest click of a link by a friend.
CREATE INDEX link_clicks_by_link ON link_clicks (link_id, friend_id, clicked_at);
