/** JSON.stringify that writes bigints (OTLP int64 values, ns times) as decimal strings. */
export function stringifyJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}
