import type { ConnectionTestResult, TargetOverview } from '@shared/ipc/contract';
import { describeSourceError, isSourceErrorCode, type SyncProgressEvent } from '@shared/models/sync';
import { useState } from 'react';
import { Modal } from '../../components/modal';
import { formatAbsolute, formatInteger, formatRelative, formatUntil } from '../../lib/format';
import { AUTH_MODE_LABELS, TARGET_KIND_LABELS } from '../../lib/labels';
import { errorMessage } from '../../lib/throttle';
import { useStore } from '../../state/store';
import { selectProgressOf } from '../../state/targets-slice';
import { selectNow } from '../../state/ui-slice';
import { ConnectionResult } from './connection-result';

function SyncProgressBar({
  overview,
  progress,
}: {
  overview: TargetOverview;
  progress: SyncProgressEvent | undefined;
}) {
  const total = overview.sync?.progress.total ?? null;
  const done = progress ? progress.sessions + progress.skipped : (overview.sync?.progress.records ?? 0);
  return (
    <div className="sync-progress" data-testid="sync-progress">
      <progress
        aria-label={`Syncing ${overview.target.name}`}
        {...(total ? { max: total, value: Math.min(done, total) } : {})}
      />
      <span className="sync-counts" data-testid="sync-counts">
        {progress
          ? `${formatInteger(progress.sessions)} sessions fetched · ${formatInteger(progress.skipped)} unchanged · ${progress.pages} ${progress.pages === 1 ? 'page' : 'pages'}${progress.failures ? ` · ${progress.failures} failed` : ''}${progress.sessionsPerSec ? ` · ${Math.round(progress.sessionsPerSec)}/s` : ''}`
          : 'Starting…'}
        {total ? ` of ${formatInteger(total)}` : ''}
      </span>
    </div>
  );
}

function SyncError({ overview }: { overview: TargetOverview }) {
  const [showDetail, setShowDetail] = useState(false);
  const sync = overview.sync;
  if (!sync || !['error', 'auth-required', 'rate-limited'].includes(sync.status)) return null;
  const code = sync.lastErrorCode;
  const message = isSourceErrorCode(code) ? describeSourceError(code) : 'The last sync failed.';
  return (
    <div
      className={`target-error ${sync.status === 'rate-limited' ? 'is-warn' : ''}`}
      data-testid="target-error"
    >
      <span>{message}</span>
      {sync.lastErrorMessage && (
        <>
          {' '}
          <button
            type="button"
            className="link-button"
            aria-expanded={showDetail}
            data-testid="target-error-details"
            onClick={() => setShowDetail(!showDetail)}
          >
            {showDetail ? 'Hide details' : 'Details'}
          </button>
          {showDetail && <pre className="error-detail">{sync.lastErrorMessage}</pre>}
        </>
      )}
    </div>
  );
}

function RemoveTargetDialog({ overview, onClose }: { overview: TargetOverview; onClose: () => void }) {
  const removeTarget = useStore((state) => state.removeTarget);
  const [keepData, setKeepData] = useState(true);
  const count = formatInteger(overview.sessionCount);
  return (
    <Modal title={`Remove ${overview.target.name}?`} onClose={onClose} testId="remove-target-dialog">
      <h2>Remove {overview.target.name}?</h2>
      <p>Tracedeck stops syncing it and forgets its credentials. What about its {count} local sessions?</p>
      <label className="choice">
        <input
          type="radio"
          name="keep"
          checked={keepData}
          data-testid="remove-keep-data"
          onChange={() => setKeepData(true)}
        />
        Keep them, read-only, so they stay searchable
      </label>
      <label className="choice">
        <input
          type="radio"
          name="keep"
          checked={!keepData}
          data-testid="remove-delete-data"
          onChange={() => setKeepData(false)}
        />
        Delete them from this machine too
      </label>
      <div className="modal-actions">
        <button type="button" className="button" data-autofocus onClick={onClose}>
          Keep the target
        </button>
        <button
          type="button"
          className="button danger"
          data-testid="confirm-remove"
          onClick={() => {
            onClose();
            void removeTarget(overview.target.id, keepData);
          }}
        >
          Remove
        </button>
      </div>
    </Modal>
  );
}

/** One target: where it is, how its sync is going, and what you can do with it. */
export function TargetCard({ overview }: { overview: TargetOverview }) {
  const { target, sync } = overview;
  const now = useStore(selectNow);
  const progress = useStore(selectProgressOf(target.id));
  const startSync = useStore((state) => state.startSync);
  const cancelSync = useStore((state) => state.cancelSync);
  const setTargetEnabled = useStore((state) => state.setTargetEnabled);
  const testConnection = useStore((state) => state.testConnection);
  const [isRemoving, setRemoving] = useState(false);
  const [test, setTest] = useState<ConnectionTestResult | 'testing' | null>(null);
  const isSyncing = overview.isSyncing || progress !== undefined;
  const isDemo = target.readOnly && !target.enabled && target.baseUrl === 'http://demo.localhost';

  const onTest = () => {
    setTest('testing');
    testConnection({
      kind: target.kind,
      baseUrl: target.baseUrl,
      authMode: target.authMode,
      targetId: target.id,
    })
      .then(setTest)
      .catch((error: unknown) =>
        setTest({ ok: false, error: { code: 'bad-response', message: errorMessage(error), detail: null } }),
      );
  };

  return (
    <li
      className="target-card"
      data-testid="target-card"
      data-target-id={target.id}
      data-target-name={target.name}
    >
      <div className="target-head">
        <div className="target-title">
          <h2 data-testid="target-name">{target.name}</h2>
          <span className="kind-badge">{TARGET_KIND_LABELS[target.kind]}</span>
          <span className={`location-badge location-${target.location}`}>{target.location}</span>
          {target.readOnly && <span className="badge">read-only</span>}
          <div className="mono muted target-url">
            {isDemo ? 'bundled sample, no server' : target.baseUrl}
            {!isDemo && target.authMode !== 'none' && ` · ${AUTH_MODE_LABELS[target.authMode]}`}
          </div>
        </div>
        <div className="target-controls">
          {!isDemo && (
            <label className="switch" title={target.enabled ? 'Syncing on a schedule' : 'Not syncing'}>
              <input
                type="checkbox"
                data-testid="target-enabled"
                checked={target.enabled}
                onChange={(event) => void setTargetEnabled(target.id, event.target.checked)}
              />
              Enabled
            </label>
          )}
          {isSyncing ? (
            <button
              type="button"
              className="button"
              data-testid="target-stop"
              onClick={() => void cancelSync(target.id)}
            >
              Stop
            </button>
          ) : (
            <button
              type="button"
              className="button"
              data-testid="target-sync"
              disabled={!target.enabled}
              title={target.enabled ? 'Sync now' : 'Enable the target to sync it'}
              onClick={() => void startSync(target.id)}
            >
              Sync now
            </button>
          )}
          {!isDemo && (
            <button type="button" className="button" data-testid="target-test" onClick={onTest}>
              {test === 'testing' ? 'Testing…' : 'Test'}
            </button>
          )}
          <button
            type="button"
            className="button danger-outline"
            data-testid="target-remove"
            onClick={() => setRemoving(true)}
          >
            Remove
          </button>
        </div>
      </div>
      <dl className="target-meta">
        <div>
          <dt>Sessions</dt>
          <dd data-testid="target-session-count">{formatInteger(overview.sessionCount)}</dd>
        </div>
        <div>
          <dt>Last sync</dt>
          <dd data-testid="target-last-sync" title={formatAbsolute(sync?.lastSuccessAt ?? null)}>
            {sync?.lastSuccessAt
              ? formatRelative(sync.lastSuccessAt, now)
              : isDemo
                ? 'loaded locally'
                : 'never'}
          </dd>
        </div>
        <div>
          <dt>Next sync</dt>
          <dd data-testid="target-next-sync" title={formatAbsolute(overview.nextSyncAt)}>
            {isSyncing ? 'syncing now' : target.enabled ? formatUntil(overview.nextSyncAt, now) : 'disabled'}
          </dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd data-testid="target-status" data-status={sync?.status ?? 'idle'}>
            {isSyncing ? 'Syncing' : isDemo ? 'Sample data' : syncStatusLabel(sync?.status)}
          </dd>
        </div>
      </dl>
      {isSyncing && <SyncProgressBar overview={overview} progress={progress} />}
      {!isSyncing && <SyncError overview={overview} />}
      {test && test !== 'testing' && <ConnectionResult result={test} />}
      {isRemoving && <RemoveTargetDialog overview={overview} onClose={() => setRemoving(false)} />}
    </li>
  );
}

function syncStatusLabel(status: string | undefined): string {
  switch (status) {
    case 'ok':
      return 'Up to date';
    case 'error':
      return 'Failed';
    case 'auth-required':
      return 'Needs credentials';
    case 'rate-limited':
      return 'Rate limited';
    case 'running':
      return 'Syncing';
    default:
      return 'Not synced yet';
  }
}
