import { useEffect } from 'react';
import { EmptyState } from '../../components/empty-state';
import { keyCommand } from '../../lib/keyboard';
import { activeFilterCount } from '../../lib/view-state';
import { selectListError } from '../../state/sessions-slice';
import { useStore, type StoreState } from '../../state/store';
import { selectIsFilterPanelHidden } from '../../state/ui-slice';
import { BulkBar, BulkResultDialog } from './bulk-bar';
import { FilterSidebar } from './filter-sidebar';
import { FirstRun } from './first-run';
import { ListFooter } from './list-footer';
import { SessionTable } from './session-table';
import { SEARCH_INPUT_ID, SessionsToolbar } from './sessions-toolbar';
import { StaleBanner } from './stale-banner';

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'url', 'password', 'email', 'number']);

function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (
    target.isContentEditable ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  ) {
    return true;
  }
  return target instanceof HTMLInputElement && TEXT_INPUT_TYPES.has(target.type);
}

function isControl(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement && target.closest('button, a, input, select, textarea, label') !== null
  );
}

/** j/k, arrows, Enter, x, / and Escape over the list, unless a dialog or a text field has the keys. */
function useListKeyboard(): void {
  const applyKey = useStore((state) => state.applyKey);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const state = useStore.getState();
      if (state.isPaletteOpen || state.pendingAction || state.bulkResult || event.defaultPrevented) return;
      if (document.querySelector('.modal')) return;
      const command = keyCommand({
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        shiftKey: event.shiftKey,
        altKey: event.altKey,
        isTyping: isTextEntry(event.target),
      });
      if (!command || command.type === 'palette') return;
      // Enter and Space on a focused button or checkbox belong to it.
      if ((event.key === 'Enter' || event.key === ' ') && isControl(event.target)) return;
      event.preventDefault();
      if (command.type === 'focus-search') {
        document.getElementById(SEARCH_INPUT_ID)?.focus();
        return;
      }
      applyKey(command);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [applyKey]);
}

type SessionsMode = 'loading' | 'first-run' | 'no-match' | 'none' | 'table';

/** What the main area shows; one value, so the view re-renders only when it changes. */
function selectSessionsMode(state: StoreState): SessionsMode {
  if (state.listStatus !== 'ready') return state.listStatus === 'error' ? 'table' : 'loading';
  const total = state.listInfo?.total ?? 0;
  if (total > 0) return 'table';
  const isFiltered = activeFilterCount(state.view.filters) > 0;
  if (isFiltered) return 'no-match';
  if (!state.targetsLoaded) return 'loading';
  return state.targets.length === 0 ? 'first-run' : 'none';
}

export function SessionsView() {
  const mode = useStore(selectSessionsMode);
  const error = useStore(selectListError);
  const clearFilters = useStore((state) => state.clearFilters);
  const isPanelHidden = useStore(selectIsFilterPanelHidden);
  useListKeyboard();

  return (
    <section
      className={`sessions-view ${isPanelHidden ? 'is-sidebar-hidden' : ''}`}
      data-testid="sessions-view"
      aria-label="Sessions"
    >
      <FilterSidebar />
      <div className="sessions-main">
        <SessionsToolbar />
        <StaleBanner />
        <BulkBar />
        {error && (
          <p className="banner banner-error" role="alert" data-testid="list-error">
            {error}
          </p>
        )}
        {mode === 'first-run' && <FirstRun />}
        {mode === 'no-match' && (
          <EmptyState title="No sessions match" testId="sessions-no-match">
            <button type="button" className="button" onClick={clearFilters}>
              Clear the filters
            </button>
          </EmptyState>
        )}
        {mode === 'none' && (
          <EmptyState title="No sessions yet" testId="sessions-none">
            Sessions appear here as your targets sync.
          </EmptyState>
        )}
        {mode === 'table' && <SessionTable />}
        {mode === 'loading' && (
          <div className="session-table-wrap" data-testid="session-table-loading" aria-busy="true" />
        )}
        <ListFooter />
      </div>
      <BulkResultDialog />
    </section>
  );
}
