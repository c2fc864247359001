import { useEffect, useState } from 'react';
import { IpcError } from '@shared/ipc/errors';
import type { PayloadRef } from '@shared/models/payload';
import { EmptyState } from '../../components/empty-state';
import { errorMessage } from '../../lib/throttle';
import { formatBytes } from './format-labels';
import { describePayload } from './payload-data';
import { PayloadView } from './payload-view';

type Described =
  { status: 'ready'; ref: PayloadRef } | { status: 'missing' } | { status: 'error'; message: string };

/** One stored payload full-window (route `#/payloads/<id>`): its metadata above the viewer. */
export function PayloadPage({ payloadId }: { payloadId: string }) {
  const [described, setDescribed] = useState<{ id: string; result: Described } | null>(null);
  useEffect(() => {
    let isCurrent = true;
    describePayload(payloadId).then(
      (ref) => isCurrent && setDescribed({ id: payloadId, result: { status: 'ready', ref } }),
      (error: unknown) =>
        isCurrent &&
        setDescribed({
          id: payloadId,
          result:
            error instanceof IpcError && error.code === 'not-found'
              ? { status: 'missing' }
              : { status: 'error', message: errorMessage(error) },
        }),
    );
    return () => {
      isCurrent = false;
    };
  }, [payloadId]);
  const result = described?.id === payloadId ? described.result : null;

  return (
    <section className="view payload-page" data-testid="payload-page">
      <div className="view-header">
        <h1>Payload</h1>
        <code className="muted">{payloadId}</code>
      </div>
      {!result ? (
        <p className="payload-state muted" role="status" data-testid="payload-loading">
          Loading…
        </p>
      ) : result.status === 'missing' ? (
        <EmptyState title="Payload not in the local store" testId="payload-missing">
          No stored body has the id <code>{payloadId}</code>. It may have been deleted with its session or
          replaced by a newer sync.
        </EmptyState>
      ) : result.status === 'error' ? (
        <EmptyState title="Could not load this payload" testId="payload-error">
          {result.message}
        </EmptyState>
      ) : (
        <>
          <dl className="facts compact payload-meta" data-testid="payload-meta">
            <div className="fact">
              <dt>Content type</dt>
              <dd data-testid="payload-content-type">{result.ref.contentType}</dd>
            </div>
            <div className="fact">
              <dt>Size</dt>
              <dd data-testid="payload-size" title={`${result.ref.byteSize.toLocaleString('en-US')} bytes`}>
                {formatBytes(result.ref.byteSize)}
              </dd>
            </div>
          </dl>
          <PayloadView
            source={{ kind: 'ref', ref: result.ref }}
            title={`Payload ${payloadId}`}
            height="auto"
          />
        </>
      )}
    </section>
  );
}
