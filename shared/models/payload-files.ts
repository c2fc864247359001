// Sizes and file names of stored bodies, without zod so the renderer's payload viewer can use
// them without building schemas (zod's first schema probes `new Function`, which the CSP forbids).

/** Bodies above this size are offered as a download instead of rendered in full. */
export const LARGE_PAYLOAD_BYTES = 2 * 1024 * 1024;

const EXTENSIONS: ReadonlyArray<readonly [RegExp, string]> = [
  [/[/+]json\b|\bjson\b/i, 'json'],
  [/ya?ml\b/i, 'yaml'],
  [/^text\/markdown\b/i, 'md'],
  [/^text\/html\b/i, 'html'],
  [/^image\/svg\+xml\b/i, 'svg'],
  [/[/+]xml\b/i, 'xml'],
  [/^text\/csv\b/i, 'csv'],
  [/^text\//i, 'txt'],
  [/^image\/png\b/i, 'png'],
  [/^image\/jpe?g\b/i, 'jpg'],
  [/^image\/gif\b/i, 'gif'],
  [/^image\/webp\b/i, 'webp'],
  [/^application\/pdf\b/i, 'pdf'],
  [/^audio\/(mpeg|mp3)\b/i, 'mp3'],
  [/^audio\/wav\b/i, 'wav'],
];

/** The file extension (no dot) for a body of `contentType`; `bin` when nothing better fits. */
export function payloadFileExtension(contentType: string): string {
  for (const [pattern, extension] of EXTENSIONS) if (pattern.test(contentType)) return extension;
  return 'bin';
}

/**
 * A file name for saving payload `id` (`payload-56.json`, `payload-r12.output.txt`): the id
 * reduced to characters safe on every OS, plus the content type's extension.
 */
export function payloadFileName(id: string, contentType: string): string {
  const safeId =
    id
      .replace(/[^\w.-]+/g, '_')
      .replace(/^\.+/, '')
      .slice(0, 80) || 'body';
  return `payload-${safeId}.${payloadFileExtension(contentType)}`;
}
