import { LARGE_PAYLOAD_BYTES, payloadFileExtension } from '@shared/models/payload-files';
import type { TextFormat } from './format';

// Sizes, labels and file names: the part of format.ts the UI needs at once, without `yaml`.

/** The size of `text` encoded as UTF-8, without encoding it. */
export function utf8ByteLength(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        // A surrogate pair: 2 UTF-16 units, 4 bytes.
        bytes += 2;
        i++;
        continue;
      }
    }
    if (code >= 0x800) bytes += 2;
    else if (code >= 0x80) bytes += 1;
  }
  return bytes;
}

/** True when a text of this many UTF-16 units is too big to render in full. */
export function isLargeText(text: string): boolean {
  if (text.length > LARGE_PAYLOAD_BYTES) return true;
  // At most 3 bytes per UTF-16 unit: short texts need no counting.
  return text.length * 3 > LARGE_PAYLOAD_BYTES && utf8ByteLength(text) > LARGE_PAYLOAD_BYTES;
}

const BYTE_UNITS = ['KB', 'MB', 'GB'];

/** "812 bytes", "4.2 KB", "10.0 MB" (binary units, as file managers show them). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${BYTE_UNITS[unit]}`;
}

/** How a binary body is shown instead of its bytes: "binary, 1,024 bytes". */
export function binaryLabel(byteSize: number): string {
  return `binary, ${byteSize.toLocaleString('en-US')} ${byteSize === 1 ? 'byte' : 'bytes'}`;
}

/**
 * The file name "Save as" offers: the title reduced to a safe slug (`tool-result-lookup.json`),
 * with the extension of the content type, or of the format shown when the type says nothing.
 */
export function saveFileName(title: string, contentType: string, format: TextFormat = 'text'): string {
  const slug =
    title
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[-.]+|-+$/g, '')
      .slice(0, 60) || 'payload';
  const byType = payloadFileExtension(contentType);
  const extension = byType !== 'bin' && byType !== 'txt' ? byType : format === 'text' ? byType : format;
  return `${slug}.${extension}`;
}

/** Decodes a base64 body (binary payloads cross IPC as base64). */
export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
