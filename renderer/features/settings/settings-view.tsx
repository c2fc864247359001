import { useEffect } from 'react';
import { selectAppInfo, selectAppInfoError, selectLoadAppInfo } from '../../state/app-slice';
import { useStore } from '../../state/store';

export function SettingsView() {
  const info = useStore(selectAppInfo);
  const error = useStore(selectAppInfoError);
  const loadAppInfo = useStore(selectLoadAppInfo);
  useEffect(() => {
    void loadAppInfo();
  }, [loadAppInfo]);

  if (error)
    return (
      <p className="error-text" data-testid="app-info-error">
        {error}
      </p>
    );
  if (!info) return <p className="muted">Loading…</p>;
  const rows: [string, string, string][] = [
    ['Version', info.version, 'app-version'],
    ['Data directory', info.dataDir, 'app-data-dir'],
    ['Database', info.databasePath, 'app-database'],
    ['Schema version', String(info.schemaVersion), 'app-schema-version'],
    ['Running in', info.transport === 'electron' ? 'Desktop app' : 'Browser (web bridge)', 'app-transport'],
    ['Platform', info.platform, 'app-platform'],
    ['Node.js', info.nodeVersion, 'app-node'],
    ['SQLite', info.sqliteVersion, 'app-sqlite'],
  ];
  return (
    <section className="view" data-testid="settings-view">
      <h1>Settings</h1>
      <h2>About this installation</h2>
      <dl className="facts">
        {rows.map(([label, value, testId]) => (
          <div key={label} className="fact">
            <dt>{label}</dt>
            <dd data-testid={testId}>{value}</dd>
          </div>
        ))}
      </dl>
      <p className="muted">Set TRACEDECK_DATA_DIR before starting Tracedeck to keep its data elsewhere.</p>
    </section>
  );
}
