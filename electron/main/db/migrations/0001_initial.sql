create table targets (
  id text primary key,
  name text not null,
  kind text not null,
  location text not null,
  base_url text not null,
  auth_mode text not null,
  enabled integer not null default 1,
  read_only integer not null default 0,
  created_at integer not null,
  updated_at integer not null
);
