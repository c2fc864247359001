import { parseDocument, stringify as stringifyYaml } from 'yaml';

// Pure text helpers of the payload viewer. Big bodies go through them in format.worker.ts, so
// nothing here may touch the DOM. The UI imports only the yaml-free labels module below at
// startup; this one (with the `yaml` library) is loaded with the first body to format.
export * from './format-labels';

/** How a body reads: JSON and YAML can be reformatted and converted into each other. */
export type TextFormat = 'json' | 'yaml' | 'text';
/** The Monaco languages the viewer registers. */
export type EditorLanguage = 'json' | 'yaml' | 'plaintext';

/** A body ready to show: pretty (and, for diffs, normalized) text in its format. */
export interface PreparedText {
  text: string;
  format: TextFormat;
  language: EditorLanguage;
}

// JSON.rawJSON / isRawJSON (ES2026, in Chromium and Node ≥ 21) are not in the ES2023 lib typings.
const exactJson = JSON as JSON & {
  rawJSON(text: string): object;
  isRawJSON(value: unknown): value is { readonly rawJSON: string };
};

export function isJsonContentType(contentType: string): boolean {
  return /[/+]json\b/i.test(contentType) || contentType.trim().toLowerCase() === 'json';
}

export function isYamlContentType(contentType: string): boolean {
  return /\bya?ml\b/i.test(contentType);
}

export function languageFor(contentType: string): EditorLanguage {
  if (isJsonContentType(contentType)) return 'json';
  if (isYamlContentType(contentType)) return 'yaml';
  return 'plaintext';
}

const isExactNumber = (n: number): boolean =>
  Number.isFinite(n) && (!Number.isInteger(n) || Number.isSafeInteger(n));

// Integers beyond 2^53 (snowflake ids, nanosecond times) would be silently rounded by
// JSON.parse; the reviver keeps their source text instead. It is slower, so it runs only when
// the text has a run of digits long enough to be one (or a huge exponent).
const MAY_LOSE_PRECISION = /\d{16}|\d[eE]\+?\d{3}/;

function keepExactNumbers(_key: string, value: unknown, context?: { source?: string }): unknown {
  if (typeof value === 'number' && !isExactNumber(value) && context?.source !== undefined) {
    return exactJson.rawJSON(context.source);
  }
  return value;
}

/** Parses JSON, keeping integers beyond 2^53 exact; null when `text` is not JSON. */
export function parseJson(text: string): { value: unknown } | null {
  try {
    return {
      value: MAY_LOSE_PRECISION.test(text) ? JSON.parse(text, keepExactNumbers) : JSON.parse(text),
    };
  } catch {
    return null;
  }
}

/** Parses one YAML document (integers kept exact as BigInt); null when it is not valid YAML. */
export function parseYaml(text: string): { value: unknown } | null {
  try {
    const doc = parseDocument(text, { intAsBigInt: true, prettyErrors: false });
    return doc.errors.length > 0 ? null : { value: doc.toJS() };
  } catch {
    return null;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !exactJson.isRawJSON(value);
}

/** A deep copy with every object's keys in sorted order (arrays keep theirs). */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (!isPlainObject(value)) return value;
  // A null prototype keeps a `__proto__` key an ordinary key.
  const sorted = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeysDeep(value[key]);
  return sorted;
}

function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value !== 'bigint') return value;
  const asNumber = Number(value);
  return Number.isSafeInteger(asNumber) ? asNumber : exactJson.rawJSON(value.toString());
}

function yamlReplacer(_key: unknown, value: unknown): unknown {
  if (!exactJson.isRawJSON(value)) return value;
  const raw = value.rawJSON;
  return /^-?\d+$/.test(raw) ? BigInt(raw) : Number(raw);
}

/** JSON with a 2-space indent, keys in their original order. */
export function prettyJson(value: unknown): string {
  return JSON.stringify(value, jsonReplacer, 2) ?? 'null';
}

/** The normal form two bodies are compared in: keys sorted at every level, 2-space indent. */
export function normalizeJson(value: unknown): string {
  return prettyJson(sortKeysDeep(value));
}

export function toYaml(value: unknown): string {
  return stringifyYaml(value, yamlReplacer, { indent: 2, lineWidth: 0 });
}

/** JSON text as YAML; throws when `text` is not JSON. */
export function jsonToYaml(text: string, options: { sortKeys?: boolean } = {}): string {
  const parsed = parseJson(text);
  if (!parsed) throw new Error('The body is not valid JSON');
  return toYaml(options.sortKeys ? sortKeysDeep(parsed.value) : parsed.value);
}

/** YAML text as pretty JSON; throws when `text` is not one valid YAML document. */
export function yamlToJson(text: string, options: { sortKeys?: boolean } = {}): string {
  const parsed = parseYaml(text);
  if (!parsed) throw new Error('The body is not valid YAML');
  return options.sortKeys ? normalizeJson(parsed.value) : prettyJson(parsed.value);
}

/**
 * What a body is and how to show it. JSON is recognised by its content type or, whatever the
 * type says, by parsing when it starts like an object or array; YAML only by its content type,
 * since almost any text is a valid YAML scalar. JSON is pretty-printed; with `normalize` (diffs)
 * JSON and YAML get sorted keys. Other text is returned unchanged.
 */
export function prepareText(text: string, contentType: string, normalize = false): PreparedText {
  const json = isJsonContentType(contentType) || /^\s*[[{]/.test(text) ? parseJson(text) : null;
  if (json) {
    return {
      text: normalize ? normalizeJson(json.value) : prettyJson(json.value),
      format: 'json',
      language: 'json',
    };
  }
  const yaml = isYamlContentType(contentType) ? parseYaml(text) : null;
  if (yaml) {
    return { text: normalize ? toYaml(sortKeysDeep(yaml.value)) : text, format: 'yaml', language: 'yaml' };
  }
  return { text, format: 'text', language: languageFor(contentType) };
}

/** Prepared JSON or YAML text converted to the other format (sorted keys with `normalize`). */
export function convertText(text: string, to: 'json' | 'yaml', normalize = false): string {
  return to === 'yaml'
    ? jsonToYaml(text, { sortKeys: normalize })
    : yamlToJson(text, { sortKeys: normalize });
}
