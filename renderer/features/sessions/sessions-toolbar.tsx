import { ImportButton } from './import-button';
import { useState } from 'react';
import { formatInteger } from '../../lib/format';
import { activeFilterCount } from '../../lib/view-state';
import {
  selectFilters,
  selectListInfo,
  selectListStatus,
  selectSearchDraft,
} from '../../state/sessions-slice';
import { useStore } from '../../state/store';
import { selectIsFilterPanelHidden } from '../../state/ui-slice';

export const SEARCH_INPUT_ID = 'session-search';

function SaveView() {
  const [name, setName] = useState<string | null>(null);
  const saveCurrentView = useStore((state) => state.saveCurrentView);
  if (name === null) {
    return (
      <button type="button" className="button" data-testid="save-view" onClick={() => setName('')}>
        Save view
      </button>
    );
  }
  return (
    <form
      className="save-view-form"
      onSubmit={(event) => {
        event.preventDefault();
        saveCurrentView(name);
        setName(null);
      }}
    >
      <input
        autoFocus
        aria-label="Name of the saved view"
        placeholder="View name"
        data-testid="save-view-name"
        value={name}
        maxLength={80}
        onChange={(event) => setName(event.target.value)}
        onKeyDown={(event) => event.key === 'Escape' && setName(null)}
      />
      <button type="submit" className="button primary" data-testid="save-view-submit" disabled={!name.trim()}>
        Save
      </button>
    </form>
  );
}

/** Search, the count of matching sessions and the list-wide actions. */
export function SessionsToolbar() {
  const searchDraft = useStore(selectSearchDraft);
  const setSearchDraft = useStore((state) => state.setSearchDraft);
  const info = useStore(selectListInfo);
  const status = useStore(selectListStatus);
  const filters = useStore(selectFilters);
  const clearFilters = useStore((state) => state.clearFilters);
  const startSync = useStore((state) => state.startSync);
  const openPalette = useStore((state) => state.openPalette);
  const isPanelHidden = useStore(selectIsFilterPanelHidden);
  const toggleFilterPanel = useStore((state) => state.toggleFilterPanel);
  const filterCount = activeFilterCount(filters);
  return (
    <div className="sessions-toolbar">
      <button
        type="button"
        className="button"
        aria-pressed={!isPanelHidden}
        data-testid="toggle-filters"
        title={isPanelHidden ? 'Show the filters' : 'Hide the filters'}
        onClick={toggleFilterPanel}
      >
        Filters{filterCount > 0 ? ` · ${filterCount}` : ''}
      </button>
      <div className="search-box">
        <input
          id={SEARCH_INPUT_ID}
          type="search"
          aria-label="Search sessions"
          placeholder="Search names, prompts, messages, tool calls, errors…"
          data-testid="session-search"
          value={searchDraft}
          onChange={(event) => setSearchDraft(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              if (searchDraft) setSearchDraft('');
              else event.currentTarget.blur();
            }
            if (event.key === 'ArrowDown' || event.key === 'Enter') event.currentTarget.blur();
          }}
        />
        <kbd className="search-hint" aria-hidden="true">
          /
        </kbd>
      </div>
      <span className="session-count" data-testid="session-count" aria-live="polite">
        {info
          ? `${formatInteger(info.total)} ${info.total === 1 ? 'session' : 'sessions'}`
          : status === 'loading'
            ? 'Loading…'
            : ''}
      </span>
      {info?.textMode === 'recent-scan' && (
        <span className="hint" data-testid="recent-scan-hint">
          Short words: searched the {formatInteger(info.scanLimit ?? 0)} most recent sessions
        </span>
      )}
      {filterCount > 0 && (
        <button type="button" className="link-button" data-testid="clear-filters" onClick={clearFilters}>
          Clear {filterCount} {filterCount === 1 ? 'filter' : 'filters'}
        </button>
      )}
      <span className="toolbar-spacer" />
      <SaveView />
      <ImportButton />
      <button type="button" className="button" data-testid="sync-now" onClick={() => void startSync()}>
        Sync now
      </button>
      <button
        type="button"
        className="button"
        data-testid="open-palette"
        title="Actions (Ctrl/⌘ + K)"
        onClick={openPalette}
      >
        <kbd>⌘K</kbd>
      </button>
    </div>
  );
}
