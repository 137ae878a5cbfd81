-- Member search in the admin UI: part of a name (山田) through a trigram index, as for
-- friends' display names. E-mail (lower(email)) and phone already have their indexes.
CREATE INDEX members_name_trgm ON members USING gin (name gin_trgm_ops) WHERE name IS NOT NULL;
