import { useEffect, useState, type ReactNode } from 'react';
import { errorMessage } from '../../lib/throttle';
import { useStore } from '../../state/store';
import { binaryLabel, formatBytes, saveFileName } from './format-labels';
import { preloadMonaco } from './monaco-loader';
import { MonacoText } from './monaco-view';
import {
  fullBody,
  openPayloadExternally,
  usePayloadContent,
  usePreparedText,
  useTextIn,
  type PayloadContent,
} from './payload-data';
import { LargePayload } from './payload-large';
import { sourceContentType, type PayloadSource } from './payload-source';
import { saveFile } from './save-file';

/** Saves the exact stored body (not the reformatted view) under a name made from the title. */
export async function saveSource(source: PayloadSource, title: string, format?: 'json' | 'yaml' | 'text') {
  const contentType = sourceContentType(source);
  saveFile(await fullBody(source), saveFileName(title, contentType, format), contentType);
}

function contentSummary(content: PayloadContent | null): string {
  if (!content || content.status === 'loading' || content.status === 'error') return '';
  return `${content.contentType} · ${formatBytes(content.byteSize)}`;
}

/**
 * One payload, read-only: Monaco with folding and find for text, JSON ↔ YAML when the body
 * parses as either, Copy, Save as and (for stored bodies) Open externally. Bodies over
 * LARGE_PAYLOAD_BYTES show a preview and a Download button instead; big ones are formatted in
 * a worker. `height` is the whole view's (toolbar included), 360 px by default.
 */
export function PayloadView({
  source,
  title,
  height = 360,
  testId = 'payload-view',
}: {
  source: PayloadSource;
  title: string;
  height?: number | string;
  testId?: string;
}) {
  const notify = useStore((state) => state.notify);
  const content = usePayloadContent(source);
  const formatted = usePreparedText(content, false);
  const prepared = formatted?.status === 'ready' ? formatted.prepared : null;
  const [isConverted, setConverted] = useState(false);
  const canConvert = prepared?.format === 'json' || prepared?.format === 'yaml';
  const otherFormat = prepared?.format === 'json' ? 'yaml' : 'json';
  const shown = useTextIn(prepared, canConvert && isConverted ? otherFormat : null, false);
  const shownText = shown && 'text' in shown ? shown.text : null;
  const willRender = content?.status === 'loading' || content?.status === 'text';
  useEffect(() => {
    if (willRender) preloadMonaco();
  }, [willRender]);

  const copy = () => {
    if (shownText === null) return;
    navigator.clipboard.writeText(shownText).then(
      () => notify(`Copied ${title}`),
      (error: unknown) => notify(`Could not copy: ${errorMessage(error)}`, 'error'),
    );
  };
  const save = () => {
    saveSource(source, title, prepared?.format).catch((error: unknown) =>
      notify(`Could not save: ${errorMessage(error)}`, 'error'),
    );
  };
  const openExternally = (id: string) => {
    openPayloadExternally(id).then(
      ({ path }) => notify(`Opened ${path}`),
      (error: unknown) => notify(errorMessage(error), 'error'),
    );
  };

  let body: ReactNode;
  if (!content || content.status === 'loading' || formatted?.status === 'formatting') {
    body = <State testId="payload-loading">Loading…</State>;
  } else if (content.status === 'error') {
    body = (
      <State testId="payload-error" isError>
        Could not load this payload: {content.message}
      </State>
    );
  } else if (content.status === 'large') {
    body = <LargePayload content={content} download={() => saveSource(source, title)} />;
  } else if (content.status === 'binary') {
    body = <State testId="payload-binary">{binaryLabel(content.byteSize)}</State>;
  } else if (formatted?.status === 'error') {
    body = <State isError>Could not format this payload: {formatted.message}</State>;
  } else if (content.text === '') {
    body = <State testId="payload-empty">This body is empty.</State>;
  } else if (!shown) {
    body = <State testId="payload-loading">Converting…</State>;
  } else if ('error' in shown) {
    body = <State isError>Could not convert: {shown.error}</State>;
  } else {
    body = <MonacoText text={shown.text} language={shown.language} label={title} />;
  }

  const isReadable = content?.status === 'text' || content?.status === 'binary';
  return (
    <section className="payload-view" data-testid={testId} style={{ height }} aria-label={title}>
      <div
        className="payload-toolbar"
        data-testid="payload-toolbar"
        role="toolbar"
        aria-label={`${title}: actions`}
      >
        <span className="payload-title">{title}</span>
        <span className="muted small">{contentSummary(content)}</span>
        <span className="toolbar-spacer" />
        {canConvert && (
          <button
            type="button"
            className="button"
            data-testid="payload-format-toggle"
            onClick={() => setConverted((value) => !value)}
          >
            View as {(isConverted ? prepared.format : otherFormat).toUpperCase()}
          </button>
        )}
        {content?.status === 'text' && (
          <button
            type="button"
            className="button"
            data-testid="payload-copy"
            onClick={copy}
            disabled={shownText === null}
          >
            Copy
          </button>
        )}
        {isReadable && (
          <button type="button" className="button" data-testid="payload-save" onClick={save}>
            Save as…
          </button>
        )}
        {source.kind === 'ref' && (
          <button
            type="button"
            className="button"
            data-testid="payload-open-external"
            onClick={() => openExternally(source.ref.id)}
          >
            Open externally
          </button>
        )}
      </div>
      <div className="payload-body">{body}</div>
    </section>
  );
}

function State({ children, testId, isError }: { children: ReactNode; testId?: string; isError?: boolean }) {
  return (
    <p
      className={`payload-state ${isError ? 'error-text' : 'muted'}`}
      data-testid={testId}
      role={isError ? 'alert' : 'status'}
    >
      {children}
    </p>
  );
}
