-- Indexes that segment conditions on behaviour in LINE read through (docs/decisions/011-segments.md).
-- A condition is counted set-wise: the rows of a kind (and campaign) in a window, grouped by friend.

-- "Received / opened / clicked campaign X": only that campaign's rows, not a month of timeline.
CREATE INDEX friend_timeline_by_campaign ON friend_timeline ((detail -> 'campaignId'), kind, occurred_at)
  INCLUDE (friend_id, channel_id)
  WHERE (detail -> 'campaignId') IS NOT NULL;

-- Opens, clicks, taps and form answers of any campaign or none: by channel, kind and time. The
-- messages friends write and receive, most of the timeline, are left out.
CREATE INDEX friend_timeline_behaviour ON friend_timeline (channel_id, kind, occurred_at)
  INCLUDE (friend_id)
  WHERE kind IN ('message_opened', 'link_clicked', 'postback', 'form_answered');
