import { useEffect, useMemo, useState } from 'react';
import type { Payload, PayloadRef } from '@shared/models/payload';
import { LARGE_PAYLOAD_BYTES } from '@shared/models/payload-files';
import { invoke } from '../../lib/ipc';
import { errorMessage } from '../../lib/throttle';
import type { PreparedText } from './format';
import { base64ToBytes, isLargeText, utf8ByteLength } from './format-labels';
import { convertOffThread, prepareOffThread } from './format-client';
import { DEFAULT_CONTENT_TYPE, type PayloadSource } from './payload-source';

// Bodies can be megabytes and are needed only while a viewer shows them, so they live here,
// next to the viewer (like its Monaco model), rather than in the app store.

/** What a source resolves to before formatting. */
export type PayloadContent =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  /** Too big to render: metadata and a bounded preview. */
  | { status: 'large'; contentType: string; byteSize: number; preview: string }
  | { status: 'binary'; contentType: string; byteSize: number }
  | { status: 'text'; contentType: string; byteSize: number; text: string };

const LARGE_TEXT_PREVIEW_CHARS = 2000;
const CACHED_BODIES = 6;
const bodies = new Map<string, Promise<Payload>>();

/** `payloads:get`, with the last few bodies kept so re-mounting a viewer does not refetch. */
export function fetchPayload(id: string): Promise<Payload> {
  const cached = bodies.get(id);
  if (cached) {
    bodies.delete(id);
    bodies.set(id, cached);
    return cached;
  }
  const loading = invoke('payloads:get', { id });
  bodies.set(id, loading);
  loading.catch(() => bodies.delete(id));
  for (const key of bodies.keys()) {
    if (bodies.size <= CACHED_BODIES) break;
    bodies.delete(key);
  }
  return loading;
}

export function describePayload(id: string): Promise<PayloadRef> {
  return invoke('payloads:describe', { id });
}

export function openPayloadExternally(id: string): Promise<{ path: string }> {
  return invoke('payloads:open-external', { id });
}

/** The whole body as bytes or text, for Save as and Download. */
export async function fullBody(source: PayloadSource): Promise<Uint8Array<ArrayBuffer> | string> {
  if (source.kind === 'text') return source.text;
  if (source.ref.isComplete) return source.ref.preview;
  const payload = await fetchPayload(source.ref.id);
  return payload.encoding === 'base64' ? base64ToBytes(payload.body) : payload.body;
}

function fromPayload(payload: Payload): PayloadContent {
  const { contentType, byteSize } = payload;
  return payload.encoding === 'base64'
    ? { status: 'binary', contentType, byteSize }
    : { status: 'text', contentType, byteSize, text: payload.body };
}

/** A source reduced to values, so that an equal source rebuilt on every render is not new work. */
interface SourceFields {
  text: string | null;
  contentType: string;
  byteSize: number;
  preview: string;
  isComplete: boolean;
}

function immediateContent(source: SourceFields): PayloadContent | null {
  const { text, contentType } = source;
  if (text !== null) {
    if (isLargeText(text)) {
      const preview = text.slice(0, LARGE_TEXT_PREVIEW_CHARS);
      return { status: 'large', contentType, byteSize: utf8ByteLength(text), preview };
    }
    return { status: 'text', contentType, byteSize: utf8ByteLength(text), text };
  }
  if (source.isComplete) {
    return { status: 'text', contentType, byteSize: source.byteSize, text: source.preview };
  }
  if (source.byteSize > LARGE_PAYLOAD_BYTES) {
    return { status: 'large', contentType, byteSize: source.byteSize, preview: source.preview };
  }
  return null;
}

/** Resolves a source: at once when its text is at hand or too large, else by fetching it. */
export function usePayloadContent(source: PayloadSource | null): PayloadContent | null {
  const ref = source?.kind === 'ref' ? source.ref : null;
  const text = source?.kind === 'text' ? source.text : null;
  const contentType = ref?.contentType ?? (source?.kind === 'text' ? source.contentType : undefined);
  const id = ref?.id ?? null;
  const byteSize = ref?.byteSize ?? 0;
  const preview = ref?.preview ?? '';
  const isComplete = ref?.isComplete ?? false;
  const hasSource = source !== null;
  const immediate = useMemo(
    () =>
      hasSource
        ? immediateContent({
            text,
            contentType: contentType ?? DEFAULT_CONTENT_TYPE,
            byteSize,
            preview,
            isComplete,
          })
        : null,
    [hasSource, text, contentType, byteSize, preview, isComplete],
  );
  const fetchId = hasSource && !immediate ? id : null;
  const [fetched, setFetched] = useState<{ id: string; content: PayloadContent } | null>(null);
  useEffect(() => {
    if (fetchId === null) return;
    let isCurrent = true;
    fetchPayload(fetchId).then(
      (payload) => isCurrent && setFetched({ id: fetchId, content: fromPayload(payload) }),
      (error: unknown) =>
        isCurrent && setFetched({ id: fetchId, content: { status: 'error', message: errorMessage(error) } }),
    );
    return () => {
      isCurrent = false;
    };
  }, [fetchId]);
  if (!hasSource) return null;
  if (immediate) return immediate;
  return fetched?.id === fetchId ? fetched.content : { status: 'loading' };
}

export type Formatted =
  | { status: 'formatting' }
  | { status: 'error'; message: string }
  | { status: 'ready'; prepared: PreparedText };

/** The text of `content`, prepared (pretty, normalized for diffs) in the format worker. */
export function usePreparedText(content: PayloadContent | null, normalize: boolean): Formatted | null {
  const input = content?.status === 'text' ? content : null;
  const [result, setResult] = useState<{ input: object; formatted: Formatted } | null>(null);
  useEffect(() => {
    if (!input) return;
    let isCurrent = true;
    prepareOffThread(input.text, input.contentType, normalize).then(
      (prepared) => isCurrent && setResult({ input, formatted: { status: 'ready', prepared } }),
      (error: unknown) =>
        isCurrent && setResult({ input, formatted: { status: 'error', message: errorMessage(error) } }),
    );
    return () => {
      isCurrent = false;
    };
  }, [input, normalize]);
  if (!input) return null;
  return result?.input === input ? result.formatted : { status: 'formatting' };
}

const conversions = new WeakMap<PreparedText, Map<string, Promise<string>>>();

function convertOnce(prepared: PreparedText, to: 'json' | 'yaml', normalize: boolean): Promise<string> {
  const byTarget = conversions.get(prepared) ?? new Map<string, Promise<string>>();
  conversions.set(prepared, byTarget);
  const key = `${to}:${normalize}`;
  let converting = byTarget.get(key);
  if (!converting) {
    converting = convertOffThread(prepared.text, to, normalize);
    byTarget.set(key, converting);
  }
  return converting;
}

export type ShownText = { text: string; language: PreparedText['language'] } | { error: string };

/**
 * Prepared text in the format asked for: as prepared, or converted (JSON ↔ YAML) in the worker,
 * each conversion done once per prepared text. Null while converting.
 */
export function useTextIn(
  prepared: PreparedText | null,
  format: 'json' | 'yaml' | null,
  normalize: boolean,
): ShownText | null {
  const target =
    prepared && format && prepared.format !== 'text' && prepared.format !== format ? format : null;
  const [converted, setConverted] = useState<{ from: PreparedText; to: string; shown: ShownText } | null>(
    null,
  );
  useEffect(() => {
    if (!prepared || !target) return;
    let isCurrent = true;
    convertOnce(prepared, target, normalize).then(
      (text) => isCurrent && setConverted({ from: prepared, to: target, shown: { text, language: target } }),
      (error: unknown) =>
        isCurrent && setConverted({ from: prepared, to: target, shown: { error: errorMessage(error) } }),
    );
    return () => {
      isCurrent = false;
    };
  }, [prepared, target, normalize]);
  if (!prepared) return null;
  if (!target) return { text: prepared.text, language: prepared.language };
  return converted?.from === prepared && converted.to === target ? converted.shown : null;
}
