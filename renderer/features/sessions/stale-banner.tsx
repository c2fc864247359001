import { describeSourceError, isSourceErrorCode } from '@shared/models/sync';
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatAbsolute, formatRelative } from '../../lib/format';
import { useStore } from '../../state/store';
import { selectFailingTargets } from '../../state/targets-slice';
import { selectNow } from '../../state/ui-slice';

const UNREACHABLE: readonly string[] = ['network', 'timeout'];

/**
 * Says which targets could not be synced and how old their data is. Everything synced stays
 * browsable; this only tells the user what they are looking at.
 */
export function StaleBanner() {
  const failing = useStore(useShallow(selectFailingTargets));
  const now = useStore(selectNow);
  const startSync = useStore((state) => state.startSync);
  const [openDetails, setOpenDetails] = useState<string | null>(null);
  if (failing.length === 0) return null;
  return (
    <div className="banners">
      {failing.map(({ target, sync }) => {
        const code = sync?.lastErrorCode;
        const problem = !isSourceErrorCode(code)
          ? 'could not be synced'
          : UNREACHABLE.includes(code)
            ? 'is unreachable'
            : `could not be synced: ${describeSourceError(code)}`;
        const syncedAt = sync?.lastSuccessAt ?? null;
        return (
          <div key={target.id} className="banner banner-warn" role="status" data-testid="stale-banner">
            <span>
              <strong>{target.name}</strong> {problem} —{' '}
              {syncedAt === null ? (
                'nothing synced from it yet'
              ) : (
                <>
                  showing data synced{' '}
                  <span title={formatAbsolute(syncedAt)}>{formatRelative(syncedAt, now)}</span>
                </>
              )}
              .
            </span>
            {sync?.lastErrorMessage && (
              <button
                type="button"
                className="link-button"
                aria-expanded={openDetails === target.id}
                onClick={() => setOpenDetails(openDetails === target.id ? null : target.id)}
              >
                Details
              </button>
            )}
            <button type="button" className="link-button" onClick={() => void startSync(target.id)}>
              Retry now
            </button>
            {openDetails === target.id && <pre className="error-detail">{sync?.lastErrorMessage}</pre>}
          </div>
        );
      })}
    </div>
  );
}
