import type { Db } from './connection';
import { placeholders, prepared } from './statements';
import { markChanged, type Store } from './store';

/** A JSON value as stored under a settings key. */
export type SettingValue =
  string | number | boolean | null | SettingValue[] | { [key: string]: SettingValue };

/**
 * The stored values of `keys`, parsed from JSON. Keys without a value are absent from the
 * result. A value that no longer parses (hand-edited database) is treated as absent.
 */
export function getSettings(db: Db, keys: readonly string[]): Record<string, SettingValue> {
  if (keys.length === 0) return {};
  const rows = prepared<{ key: string; value: string }>(
    db,
    `select key, value from settings where key in (${placeholders(keys.length)})`,
  ).all(...keys);
  const values: Record<string, SettingValue> = {};
  for (const row of rows) {
    try {
      values[row.key] = JSON.parse(row.value) as SettingValue;
    } catch {
      // Absent rather than failing the whole read: the caller falls back to its default.
    }
  }
  return values;
}

/**
 * Stores `value` under `key` as JSON (replacing any previous value), or removes the key when
 * `value` is null. `now` is epoch ms.
 */
export function setSetting(store: Store, key: string, value: SettingValue, now: number = Date.now()): void {
  if (value === null) {
    prepared(store.db, 'delete from settings where key = ?').run(key);
  } else {
    prepared(
      store.db,
      `insert into settings (key, value, updated_at) values (?, ?, ?)
       on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at`,
    ).run(key, JSON.stringify(value), now);
  }
  markChanged(store, ['settings']);
}
