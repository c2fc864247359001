import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { PreparedText } from './format';
import { binaryLabel, formatBytes } from './format-labels';
import { preloadMonaco } from './monaco-loader';
import { MonacoDiffText } from './monaco-view';
import { usePayloadContent, usePreparedText, useTextIn } from './payload-data';
import { DownloadButton } from './payload-large';
import type { PayloadSource } from './payload-source';
import { saveSource } from './payload-view';

interface Side {
  isLoading: boolean;
  /** Null for a missing side (nothing to compare with). */
  prepared: PreparedText | null;
  note: ReactNode;
}

/** One side of the diff: normalized text, or a stand-in (preview, size) with a note saying so. */
function useSide(source: PayloadSource | null, label: string): Side {
  const content = usePayloadContent(source);
  const formatted = usePreparedText(content, true);
  const stable = useMemo((): Side => {
    if (!source || !content) return { isLoading: false, prepared: null, note: null };
    const standIn = (text: string, note: ReactNode): Side => ({
      isLoading: false,
      prepared: { text, format: 'text', language: 'plaintext' },
      note,
    });
    switch (content.status) {
      case 'loading':
        return { isLoading: true, prepared: null, note: null };
      case 'error':
        return standIn('', <span className="error-text">{`${label}: ${content.message}`}</span>);
      case 'large':
        return standIn(
          content.preview,
          <>
            {label} is {formatBytes(content.byteSize)}: comparing its first{' '}
            {content.preview.length.toLocaleString('en-US')} characters.{' '}
            <DownloadButton byteSize={content.byteSize} download={() => saveSource(source, label)} />
          </>,
        );
      case 'binary':
        return standIn(binaryLabel(content.byteSize), `${label} is binary.`);
      case 'text':
        if (formatted?.status === 'ready')
          return { isLoading: false, prepared: formatted.prepared, note: null };
        if (formatted?.status === 'error') return standIn(content.text, `${label}: ${formatted.message}`);
        return { isLoading: true, prepared: null, note: null };
    }
  }, [source, content, formatted, label]);
  return stable;
}

const isStructured = (side: Side) => side.prepared?.format === 'json' || side.prepared?.format === 'yaml';

/**
 * Two payloads in Monaco's diff editor, side by side and read-only. Both sides are normalized
 * (keys sorted at every level, 2-space indent) so only real differences show, and share one
 * JSON ↔ YAML toggle. A side over LARGE_PAYLOAD_BYTES is compared by its preview, with a note
 * and a Download button; a null side compares against nothing.
 */
export function PayloadDiff({
  left,
  right,
  title,
  leftLabel = 'Left',
  rightLabel = 'Right',
  height = 480,
}: {
  left: PayloadSource | null;
  right: PayloadSource | null;
  title: string;
  leftLabel?: string;
  rightLabel?: string;
  height?: number | string;
}) {
  const leftSide = useSide(left, leftLabel);
  const rightSide = useSide(right, rightLabel);
  const hasSide = left !== null || right !== null;
  useEffect(() => {
    if (hasSide) preloadMonaco();
  }, [hasSide]);
  const [isConverted, setConverted] = useState(false);
  const present = [leftSide, rightSide].filter((side) => side.prepared !== null);
  const canConvert = present.length > 0 && present.every(isStructured);
  const base = present.some((side) => side.prepared?.format === 'json') ? 'json' : 'yaml';
  const other = base === 'json' ? 'yaml' : 'json';
  const target = canConvert ? (isConverted ? other : base) : null;
  const leftShown = useTextIn(leftSide.prepared, target, true);
  const rightShown = useTextIn(rightSide.prepared, target, true);
  const leftText = leftShown && 'text' in leftShown ? leftShown.text : '';
  const rightText = rightShown && 'text' in rightShown ? rightShown.text : '';
  const leftLanguage = leftShown && 'language' in leftShown ? leftShown.language : 'plaintext';
  const rightLanguage = rightShown && 'language' in rightShown ? rightShown.language : 'plaintext';
  const leftInput = useMemo(() => ({ text: leftText, language: leftLanguage }), [leftText, leftLanguage]);
  const rightInput = useMemo(
    () => ({ text: rightText, language: rightLanguage }),
    [rightText, rightLanguage],
  );

  const isConverting =
    (leftSide.prepared !== null && leftShown === null) ||
    (rightSide.prepared !== null && rightShown === null);
  const errors = [leftShown, rightShown].flatMap((shown) => (shown && 'error' in shown ? [shown.error] : []));
  const notes = [leftSide.note, rightSide.note].filter((note) => note !== null);

  let body: ReactNode;
  if (!left && !right) {
    body = (
      <p className="payload-state muted" data-testid="payload-empty">
        Nothing to compare.
      </p>
    );
  } else if (leftSide.isLoading || rightSide.isLoading || isConverting) {
    body = (
      <p className="payload-state muted" role="status" data-testid="payload-loading">
        Loading…
      </p>
    );
  } else if (errors.length > 0) {
    body = (
      <p className="payload-state error-text" role="alert">
        Could not convert: {errors.join('; ')}
      </p>
    );
  } else {
    body = <MonacoDiffText left={leftInput} right={rightInput} label={title} />;
  }

  return (
    <section
      className="payload-view payload-diff"
      data-testid="payload-diff"
      style={{ height }}
      aria-label={title}
    >
      <div
        className="payload-toolbar"
        data-testid="payload-toolbar"
        role="toolbar"
        aria-label={`${title}: actions`}
      >
        <span className="payload-title">{title}</span>
        <span className="toolbar-spacer" />
        {canConvert && (
          <button
            type="button"
            className="button"
            data-testid="payload-format-toggle"
            onClick={() => setConverted((value) => !value)}
          >
            View as {(isConverted ? base : other).toUpperCase()}
          </button>
        )}
      </div>
      <div className="payload-diff-labels muted small" aria-hidden>
        <span>{leftLabel}</span>
        <span>{rightLabel}</span>
      </div>
      {notes.map((note, index) => (
        <p key={index} className="payload-note small" data-testid="payload-diff-note">
          {note}
        </p>
      ))}
      <div className="payload-body">{body}</div>
    </section>
  );
}
