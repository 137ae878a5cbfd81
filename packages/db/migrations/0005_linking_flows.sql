-- ID linking flows beyond 0002: the key that signs Kizuna's short-lived URL tokens, the
-- link tokens LINE issued (whose friend opened the sign-in page), LINE Login assertions a
-- company site redeems, per-channel linking settings, and which visit a login came from.

-- One HMAC key for match-form, auto-login and form tokens, sealed with KIZUNA_SECRET_KEY
-- like channel secrets. Made on first use by whichever process needs it first.
CREATE TABLE linking_keys (
  id text PRIMARY KEY,
  key_enc text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- A link token LINE issued for a friend (POST /v2/bot/user/{userId}/linkToken): the
-- hosted sign-in page and the nonce API learn from it whose LINE account is linking.
-- Only its SHA-256 is kept: the token itself is a bearer value for ten minutes.
CREATE TABLE account_link_tokens (
  link_token_hash text PRIMARY KEY,
  channel_id uuid NOT NULL REFERENCES channels (id),
  friend_id bigint NOT NULL REFERENCES friends (id),
  line_user_id text NOT NULL,
  issued_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  -- Wrong passwords on the hosted page; it stops asking after a few.
  failed_sign_ins integer NOT NULL DEFAULT 0,
  -- When a nonce was made for it: LINE accepts a link token once.
  used_at timestamptz
);
CREATE INDEX account_link_tokens_by_expiry ON account_link_tokens (expires_at);

-- What LINE Login told Kizuna about a visitor of a company site, waiting for the site to
-- redeem it once (GET /api/v1/line-login/assertions/:token). Stored hashed.
CREATE TABLE line_login_assertions (
  token_hash text PRIMARY KEY,
  channel_id uuid NOT NULL REFERENCES channels (id),
  line_user_id text NOT NULL,
  member_id uuid REFERENCES members (id),
  linked boolean NOT NULL,
  -- LINE's friendship_status_changed: NULL when the add-friend screen was not shown.
  friendship_status_changed boolean,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX line_login_assertions_by_expiry ON line_login_assertions (expires_at);

-- Per-channel choices; a channel without a row uses the defaults (and LINK_MATCH_SECOND_FACTOR).
CREATE TABLE channel_linking_settings (
  channel_id uuid PRIMARY KEY REFERENCES channels (id),
  -- What a friend must also know to be matched to a member without signing in.
  match_second_factor text NOT NULL DEFAULT 'birthday'
    CHECK (match_second_factor IN ('birthday', 'phone', 'email')),
  -- A company that hosts its own sign-in page for the account link: the URL the chat
  -- button opens, with ?linkToken=… appended. NULL: Kizuna's hosted page.
  account_link_url text CHECK (account_link_url ~ '^https?://'),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A visit of an inflow route, addressable so that the LINE Login that follows it can say
-- who the visitor was.
ALTER TABLE inflow_route_visits ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY;
ALTER TABLE inflow_route_visits ADD PRIMARY KEY (id);
ALTER TABLE login_states ADD COLUMN visit_id bigint;

CREATE INDEX account_link_nonces_by_expiry ON account_link_nonces (expires_at);
CREATE INDEX login_states_by_expiry ON login_states (expires_at);
CREATE INDEX auto_login_tokens_by_expiry ON auto_login_tokens (expires_at);
