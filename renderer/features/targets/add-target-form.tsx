import type { ConnectionTestResult, DetectedServer } from '@shared/ipc/contract';
import { IpcError } from '@shared/ipc/errors';
import type { AuthMode, TargetLocation } from '@shared/models/target';
import { useState, type FormEvent } from 'react';
import { AUTH_MODE_LABELS, TARGET_KIND_LABELS } from '../../lib/labels';
import { errorMessage } from '../../lib/throttle';
import { useStore } from '../../state/store';
import { selectDetectedServers } from '../../state/targets-slice';
import { ConnectionResult } from './connection-result';

type AddableKind = 'agentos' | 'langgraph';

export const DEFAULT_LOCAL_URLS: Record<AddableKind, string> = {
  agentos: 'http://localhost:7777',
  langgraph: 'http://localhost:2024',
};

const AUTH_MODES: Record<AddableKind, Record<TargetLocation, AuthMode[]>> = {
  agentos: { local: ['none', 'security-key', 'jwt'], cloud: ['security-key', 'jwt'] },
  langgraph: { local: ['none', 'api-key'], cloud: ['api-key'] },
};

function defaultName(kind: AddableKind, location: TargetLocation, url: string): string {
  const label = kind === 'agentos' ? 'AgentOS' : 'LangGraph';
  if (location === 'local') {
    const port = /:(\d+)\/?$/.exec(url)?.[1];
    return `${label} local${port && url !== DEFAULT_LOCAL_URLS[kind] ? ` :${port}` : ''}`;
  }
  try {
    return `${label} ${new URL(url).hostname}`;
  } catch {
    return `${label} cloud`;
  }
}

/**
 * Adds an AgentOS or LangGraph target: a local dev server (URL prefilled with its default port,
 * or one Tracedeck found running) or a cloud deployment reached with a URL and a key.
 */
export function AddTargetForm({ onDone, onCancel }: { onDone: () => void; onCancel: (() => void) | null }) {
  const addTarget = useStore((state) => state.addTarget);
  const testConnection = useStore((state) => state.testConnection);
  const detected = useStore(selectDetectedServers);
  const scan = useStore((state) => state.scanServers);
  const [kind, setKind] = useState<AddableKind>('agentos');
  const [location, setLocation] = useState<TargetLocation>('local');
  const [baseUrl, setBaseUrl] = useState(DEFAULT_LOCAL_URLS.agentos);
  const [name, setName] = useState('');
  const [authMode, setAuthMode] = useState<AuthMode>('none');
  const [credential, setCredential] = useState('');
  const [result, setResult] = useState<ConnectionTestResult | null>(null);
  const [isTesting, setTesting] = useState(false);
  const [isAdding, setAdding] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const choose = (nextKind: AddableKind, nextLocation: TargetLocation) => {
    const modes = AUTH_MODES[nextKind][nextLocation];
    setKind(nextKind);
    setLocation(nextLocation);
    setAuthMode(modes.includes(authMode) ? authMode : (modes[0] as AuthMode));
    const isDefault = baseUrl === '' || Object.values(DEFAULT_LOCAL_URLS).includes(baseUrl);
    if (isDefault) setBaseUrl(nextLocation === 'local' ? DEFAULT_LOCAL_URLS[nextKind] : '');
    setResult(null);
  };
  const pickDetected = (server: DetectedServer) => {
    const serverKind = server.kind as AddableKind;
    setKind(serverKind);
    setLocation('local');
    setBaseUrl(server.baseUrl);
    setAuthMode('none');
    setName(server.name ?? '');
    setResult(null);
  };

  const needsCredential = authMode !== 'none';
  const input = {
    kind,
    baseUrl: baseUrl.trim(),
    authMode,
    ...(needsCredential && credential ? { credential } : {}),
  };

  const onTest = async () => {
    setTesting(true);
    setError(null);
    try {
      setResult(await testConnection(input));
    } catch (caught) {
      setResult(null);
      setError(errorMessage(caught));
    } finally {
      setTesting(false);
    }
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setAdding(true);
    setError(null);
    try {
      await addTarget({
        ...input,
        name: name.trim() || defaultName(kind, location, baseUrl),
        location,
        enabled: true,
        readOnly: false,
      });
      onDone();
    } catch (caught) {
      setError(
        caught instanceof IpcError && caught.issues?.length
          ? caught.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')
          : errorMessage(caught),
      );
    } finally {
      setAdding(false);
    }
  };

  const offered = (detected ?? []).filter(
    (server) => !server.isKnown && (server.kind === 'agentos' || server.kind === 'langgraph'),
  );
  return (
    <form className="add-target" data-testid="add-target-form" onSubmit={(event) => void onSubmit(event)}>
      <h2>Add a target</h2>
      <div className="segmented" role="radiogroup" aria-label="Server">
        {(['agentos', 'langgraph'] as const).map((option) => (
          <label
            key={option}
            className={kind === option ? 'is-on' : ''}
            data-testid={`target-kind-${option}`}
          >
            <input
              type="radio"
              name="target-kind"
              checked={kind === option}
              onChange={() => choose(option, location)}
            />
            {TARGET_KIND_LABELS[option]}
          </label>
        ))}
      </div>
      <div className="segmented" role="radiogroup" aria-label="Where it runs">
        {(['local', 'cloud'] as const).map((option) => (
          <label
            key={option}
            className={location === option ? 'is-on' : ''}
            data-testid={`target-location-${option}`}
          >
            <input
              type="radio"
              name="target-location"
              checked={location === option}
              onChange={() => choose(kind, option)}
            />
            {option === 'local' ? 'On this machine' : 'Cloud'}
          </label>
        ))}
      </div>

      {location === 'local' && (
        <div className="detected" data-testid="detected-servers">
          {detected === null ? (
            <span className="muted">Looking for servers on their usual ports…</span>
          ) : offered.length === 0 ? (
            <span className="muted">
              No new server found on the usual ports.{' '}
              <button type="button" className="link-button" onClick={() => void scan()}>
                Scan again
              </button>
            </span>
          ) : (
            <>
              <span className="muted">Running now:</span>
              {offered.map((server) => (
                <button
                  key={server.baseUrl}
                  type="button"
                  className="chip"
                  data-testid="detected-server"
                  onClick={() => pickDetected(server)}
                >
                  {TARGET_KIND_LABELS[server.kind]} <span className="mono">{server.baseUrl}</span>
                  {server.version && <span className="muted"> v{server.version}</span>}
                </button>
              ))}
            </>
          )}
        </div>
      )}

      <label className="field">
        <span>URL</span>
        <input
          type="url"
          required
          className="mono"
          data-testid="target-url"
          placeholder={location === 'cloud' ? 'https://…' : DEFAULT_LOCAL_URLS[kind]}
          value={baseUrl}
          onChange={(event) => {
            setBaseUrl(event.target.value);
            setResult(null);
          }}
        />
      </label>
      <label className="field">
        <span>Name</span>
        <input
          data-testid="target-name"
          placeholder={defaultName(kind, location, baseUrl)}
          value={name}
          maxLength={120}
          onChange={(event) => setName(event.target.value)}
        />
      </label>
      <label className="field">
        <span>Authentication</span>
        <select
          data-testid="target-auth-mode"
          value={authMode}
          onChange={(event) => {
            setAuthMode(event.target.value as AuthMode);
            setResult(null);
          }}
        >
          {AUTH_MODES[kind][location].map((mode) => (
            <option key={mode} value={mode}>
              {AUTH_MODE_LABELS[mode]}
            </option>
          ))}
        </select>
      </label>
      {needsCredential && (
        <label className="field">
          <span>{authMode === 'jwt' ? 'Token' : 'Key'}</span>
          <input
            type="password"
            autoComplete="off"
            required
            className="mono"
            data-testid="target-token"
            value={credential}
            onChange={(event) => {
              setCredential(event.target.value);
              setResult(null);
            }}
          />
          <small className="muted">Stored encrypted on this machine; never shown again.</small>
        </label>
      )}

      {result && <ConnectionResult result={result} />}
      {error && (
        <p className="error-text" role="alert" data-testid="add-target-error">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button
          type="button"
          className="button"
          data-testid="test-connection"
          disabled={isTesting || !baseUrl.trim() || (needsCredential && !credential)}
          onClick={() => void onTest()}
        >
          {isTesting ? 'Testing…' : 'Test connection'}
        </button>
        <button type="submit" className="button primary" data-testid="add-target-submit" disabled={isAdding}>
          {isAdding ? 'Adding…' : 'Add and sync'}
        </button>
        {onCancel && (
          <button type="button" className="link-button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
