-- Persisted UI state (the Sessions view's filters and order, saved views, watched sessions),
-- as JSON text by key. Kept in the database because the web bridge's origin changes per launch,
-- so browser storage would not survive a restart.
create table settings (
  key text primary key,
  value text not null,
  updated_at integer not null
) strict, without rowid;
