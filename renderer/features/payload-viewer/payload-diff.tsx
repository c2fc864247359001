import { useEffect, useState } from 'react';
import { invoke } from '../../lib/ipc';
import type { PayloadSource } from './payload-source';

// TEMP payload diff seam: a plain two-column stand-in for the Monaco diff editor that the
// payload viewer provides; same props, same test id. Replaced at merge.

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

function normalize(text: string): string {
  try {
    return JSON.stringify(sortKeys(JSON.parse(text)), null, 2);
  } catch {
    return text;
  }
}

function useSourceText(source: PayloadSource | null): string | null {
  const [fetched, setFetched] = useState<{ id: string; text: string } | null>(null);
  const id = source?.kind === 'ref' && !source.ref.isComplete ? source.ref.id : null;
  useEffect(() => {
    if (id === null) return;
    let isCurrent = true;
    void invoke('payloads:get', { id })
      .then((payload) => normalize(payload.body))
      .catch(() => '(could not load this payload)')
      .then((text) => isCurrent && setFetched({ id, text }));
    return () => {
      isCurrent = false;
    };
  }, [id]);
  if (source === null) return '';
  if (source.kind === 'text') return normalize(source.text);
  if (source.ref.isComplete) return normalize(source.ref.preview);
  return fetched?.id === source.ref.id ? fetched.text : null;
}

export function PayloadDiff(props: {
  left: PayloadSource | null;
  right: PayloadSource | null;
  title: string;
  leftLabel?: string;
  rightLabel?: string;
  height?: number | string;
}) {
  const left = useSourceText(props.left);
  const right = useSourceText(props.right);
  return (
    <div data-testid="payload-diff" aria-label={props.title} style={{ display: 'flex', gap: 8 }}>
      <pre style={{ flex: 1, overflow: 'auto', maxHeight: props.height ?? 320 }}>
        {props.leftLabel ? `${props.leftLabel}\n` : ''}
        {left ?? 'Loading…'}
      </pre>
      <pre style={{ flex: 1, overflow: 'auto', maxHeight: props.height ?? 320 }}>
        {props.rightLabel ? `${props.rightLabel}\n` : ''}
        {right ?? 'Loading…'}
      </pre>
    </div>
  );
}
