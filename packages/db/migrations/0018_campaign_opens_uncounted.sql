-- A campaign's units LINE will not count (docs/decisions/014-campaign-opens.md): LINE assigns at
-- most 1,000 aggregation unit names a month per channel and silently drops the unit of a request
-- naming a new one past that (the message still goes). When a campaign starts past the month's
-- limit, its units say so here; they are never read, and the results say why they have no opens.
ALTER TABLE campaign_opens
  ADD COLUMN uncounted_reason text CHECK (uncounted_reason IN ('unit_limit'));
