import type { ConnectionTestResult } from '@shared/ipc/contract';
import { CONTROL_ACTIONS } from '@shared/models/status';
import { useState } from 'react';
import { ACTION_LABELS } from '../../lib/labels';

/** What "Test connection" found: version, auth, databases and components, or the error in words. */
export function ConnectionResult({ result }: { result: ConnectionTestResult }) {
  const [showDetail, setShowDetail] = useState(false);
  if (!result.ok) {
    return (
      <div className="test-result is-error" role="alert" data-testid="test-result" data-ok="false">
        <strong>Connection failed.</strong> <span data-testid="test-error">{result.error.message}</span>
        {result.error.detail && (
          <>
            {' '}
            <button
              type="button"
              className="link-button"
              aria-expanded={showDetail}
              onClick={() => setShowDetail(!showDetail)}
            >
              {showDetail ? 'Hide details' : 'Details'}
            </button>
            {showDetail && (
              <pre className="error-detail" data-testid="test-error-detail">
                {result.error.detail}
              </pre>
            )}
          </>
        )}
      </div>
    );
  }
  const { discovery } = result;
  const supported = CONTROL_ACTIONS.filter((action) => discovery.capabilities[action]);
  return (
    <div className="test-result is-ok" role="status" data-testid="test-result" data-ok="true">
      <strong>Connected{discovery.name ? ` to ${discovery.name}` : ''}.</strong>
      <dl className="facts compact">
        <div className="fact">
          <dt>Version</dt>
          <dd data-testid="test-version">{discovery.version ?? 'not reported'}</dd>
        </div>
        <div className="fact">
          <dt>Authentication</dt>
          <dd data-testid="test-auth">{discovery.authMode ?? 'not reported'}</dd>
        </div>
        {discovery.databases.length > 0 && (
          <div className="fact">
            <dt>Databases</dt>
            <dd data-testid="test-databases">{discovery.databases.join(', ')}</dd>
          </div>
        )}
        <div className="fact">
          <dt>Components</dt>
          <dd data-testid="test-components">
            {discovery.components.length === 0
              ? 'none listed'
              : discovery.components
                  .slice(0, 12)
                  .map((c) => `${c.name ?? c.id} (${c.type})`)
                  .join(', ') +
                (discovery.components.length > 12 ? `, +${discovery.components.length - 12} more` : '')}
          </dd>
        </div>
        <div className="fact">
          <dt>Control</dt>
          <dd>{supported.length ? supported.map((a) => ACTION_LABELS[a]).join(', ') : 'read-only API'}</dd>
        </div>
      </dl>
    </div>
  );
}
