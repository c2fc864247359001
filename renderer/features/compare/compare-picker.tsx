import type { CompareSide } from '@shared/models/compare';
import type { Session } from '@shared/models/session';
import { useEffect, useMemo, useState } from 'react';
import { StatusBadge } from '../../components/status-badge';
import { formatRelative } from '../../lib/format';
import { debounce } from '../../lib/throttle';
import { selectIsPickerSearching, selectPickerRuns, selectPickerSessions } from '../../state/compare-slice';
import { useStore } from '../../state/store';
import { selectTargetById } from '../../state/targets-slice';
import { selectNow } from '../../state/ui-slice';
import { sessionTitle } from '../sessions/session-cells';

/**
 * Picks one side of a comparison: search sessions by name or prompt (the most recent show
 * before any typing), then the whole session or one of its runs.
 */
export function ComparePicker({ title, onPick }: { title: string; onPick: (side: CompareSide) => void }) {
  const search = useStore((state) => state.searchPickerSessions);
  const resetPicker = useStore((state) => state.resetPicker);
  const loadRuns = useStore((state) => state.loadPickerRuns);
  const sessions = useStore(selectPickerSessions);
  const isSearching = useStore(selectIsPickerSearching);
  const [text, setText] = useState('');
  const [chosen, setChosen] = useState<Session | null>(null);
  const searchLater = useMemo(() => debounce((value: string) => void search(value), 150), [search]);

  useEffect(() => {
    void search('');
    return resetPicker;
  }, [search, resetPicker]);

  return (
    <div className="compare-picker" data-testid="compare-picker">
      <h2>{title}</h2>
      {chosen === null ? (
        <>
          <input
            type="search"
            className="compare-picker-input"
            data-testid="compare-picker-input"
            aria-label="Search sessions by name or prompt"
            placeholder="Search sessions by name or prompt…"
            value={text}
            onChange={(event) => {
              setText(event.target.value);
              searchLater(event.target.value);
            }}
          />
          <ul className="compare-picker-list" aria-busy={isSearching}>
            {sessions.map((session) => (
              <li key={session.id}>
                <SessionChoice
                  session={session}
                  onChoose={() => {
                    setChosen(session);
                    void loadRuns(session.id);
                  }}
                />
              </li>
            ))}
          </ul>
          {sessions.length === 0 && (
            <p className="muted" data-testid="compare-picker-empty">
              {isSearching ? 'Searching…' : text.trim() ? 'No session matches.' : 'No sessions synced yet.'}
            </p>
          )}
        </>
      ) : (
        <RunChoice
          session={chosen}
          onBack={() => setChosen(null)}
          onPick={(runId) => onPick(runId ? { sessionId: chosen.id, runId } : { sessionId: chosen.id })}
        />
      )}
    </div>
  );
}

function SessionChoice({ session, onChoose }: { session: Session; onChoose: () => void }) {
  const target = useStore(selectTargetById(session.targetId));
  const now = useStore(selectNow);
  return (
    <button
      type="button"
      className="compare-picker-item"
      data-testid="compare-picker-session"
      data-session-id={session.id}
      onClick={onChoose}
    >
      <StatusBadge status={session.status} />
      <span className="compare-picker-name">{sessionTitle(session)}</span>
      <span className="muted small">
        {target?.name ?? session.targetId} · {formatRelative(session.startedAt ?? session.createdAt, now)}
      </span>
    </button>
  );
}

function RunChoice({
  session,
  onBack,
  onPick,
}: {
  session: Session;
  onBack: () => void;
  onPick: (runId: string | null) => void;
}) {
  const pickerRuns = useStore(selectPickerRuns);
  const runs = pickerRuns?.sessionId === session.id ? pickerRuns : null;
  return (
    <div className="compare-picker-runs">
      <p>
        <strong>{sessionTitle(session)}</strong>{' '}
        <button type="button" className="link-button" onClick={onBack}>
          Choose another
        </button>
      </p>
      <button
        type="button"
        className="button primary"
        data-testid="compare-picker-whole"
        data-autofocus
        onClick={() => onPick(null)}
      >
        Compare the whole session
      </button>
      {runs?.status === 'loading' && <p className="muted">Loading its runs…</p>}
      {runs?.status === 'error' && <p className="error-text">Its runs could not be loaded.</p>}
      {runs && runs.runs.length > 0 && (
        <>
          <p className="muted small">…or one of its {runs.runs.length} runs:</p>
          <ul className="compare-picker-list">
            {runs.runs.map((run, index) => (
              <li key={run.id}>
                <button
                  type="button"
                  className="compare-picker-item"
                  data-testid="compare-picker-run"
                  data-run-id={run.id}
                  onClick={() => onPick(run.id)}
                >
                  <StatusBadge status={run.status} />
                  <span className="compare-picker-name">
                    Run {index + 1}
                    {run.componentName ? ` · ${run.componentName}` : ''}
                  </span>
                  <span className="mono small muted">{run.remoteId}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
