-- A/B split (issue 5): a campaign may carry 2–4 variants instead of one set of messages, each
-- with its own messages and a weight (percent of the audience). The snapshot draws every
-- recipient into one variant; each request to LINE carries one variant's messages.
-- See docs/decisions/010-campaign-delivery-pipeline.md.

-- [{"messages": [...], "weight": 30}, …] in label order (A, B, C, D); null for a single
-- campaign. A campaign with variants keeps `messages` as [].
ALTER TABLE campaigns ADD COLUMN variants jsonb;

-- The recipient's 0-based variant index; null for a single campaign. No default, so adding it
-- rewrites no row.
ALTER TABLE deliveries ADD COLUMN variant smallint;

-- A batch is a seq range inside one variant (the snapshot orders by variant first): its variant
-- says which messages a resend carries and counts its outcome per variant.
ALTER TABLE delivery_batches ADD COLUMN variant smallint;
