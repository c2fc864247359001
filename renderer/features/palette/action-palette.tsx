import type { Session } from '@shared/models/session';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Modal } from '../../components/modal';
import { StatusBadge } from '../../components/status-badge';
import { ACTION_LABELS } from '../../lib/labels';
import { debounce } from '../../lib/throttle';
import { selectSelectionActions, selectionKey } from '../../state/control-slice';
import {
  selectIsPaletteOpen,
  selectIsPaletteSearching,
  selectPaletteSessions,
} from '../../state/palette-slice';
import { selectFilters, selectSelection } from '../../state/sessions-slice';
import { useStore } from '../../state/store';
import { selectTargets } from '../../state/targets-slice';
import { sessionTitle } from '../sessions/session-cells';

interface Command {
  id: string;
  label: string;
  hint?: string;
  group: string;
  disabledReason?: string | null;
  session?: Session;
  run: () => void;
}

function matches(label: string, text: string): boolean {
  const haystack = label.toLowerCase();
  return text
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}

/** Builds the commands that make sense now: selection actions, sync, target filters, navigation. */
function useCommands(close: () => void): Command[] {
  const selection = useStore(selectSelection);
  const selectionActions = useStore(selectSelectionActions);
  const targets = useStore(selectTargets);
  const filters = useStore(selectFilters);
  const sessions = useStore(selectPaletteSessions);
  const store = useStore.getState;
  return useMemo(() => {
    const ids = [...selection.ids];
    const done = (fn: () => void) => () => {
      close();
      fn();
    };
    const commands: Command[] = sessions.map((session) => ({
      id: `open:${session.id}`,
      label: sessionTitle(session),
      hint: session.component.name ?? undefined,
      group: 'Open session',
      session,
      run: done(() => store().openSession(session.id)),
    }));
    if (ids.length > 0) {
      const isCurrent = selectionActions?.key === selectionKey(selection.ids);
      for (const availability of (isCurrent && selectionActions?.actions) || []) {
        if (availability.action === 'respond') continue;
        commands.push({
          id: `act:${availability.action}`,
          label: `${ACTION_LABELS[availability.action]} ${ids.length === 1 ? 'the selected session' : `${ids.length} selected sessions`}`,
          group: 'Selection',
          disabledReason: availability.enabled ? null : availability.reason,
          run: done(() => store().requestAction(availability.action, ids)),
        });
      }
      if (ids.length === 2) {
        commands.push({
          id: 'compare',
          label: 'Compare the two selected sessions',
          group: 'Selection',
          run: done(() => store().navigate({ view: 'compare', left: ids[0] ?? null, right: ids[1] ?? null })),
        });
      }
      commands.push({
        id: 'clear-selection',
        label: 'Clear the selection',
        group: 'Selection',
        run: done(() => store().clearSelection()),
      });
    } else {
      commands.push({
        id: 'select-all',
        label: 'Select all matching sessions',
        group: 'Selection',
        run: done(() => void store().selectAllMatching()),
      });
    }
    commands.push({
      id: 'sync:all',
      label: 'Sync now: all targets',
      group: 'Sync',
      run: done(() => void store().startSync()),
    });
    for (const { target } of targets) {
      if (!target.enabled) continue;
      commands.push({
        id: `sync:${target.id}`,
        label: `Sync now: ${target.name}`,
        group: 'Sync',
        run: done(() => void store().startSync(target.id)),
      });
    }
    for (const { target } of targets) {
      commands.push({
        id: `filter-target:${target.id}`,
        label: `Show only ${target.name}`,
        hint: target.location,
        group: 'Target filter',
        run: done(() => {
          store().navigate({ view: 'sessions' });
          store().setFilters({ targetIds: [target.id] });
        }),
      });
    }
    if (filters.targetIds.length > 0) {
      commands.push({
        id: 'filter-target:all',
        label: 'Show all targets',
        group: 'Target filter',
        run: done(() => store().setFilters({ targetIds: [] })),
      });
    }
    commands.push(
      {
        id: 'clear-filters',
        label: 'Clear all filters',
        group: 'View',
        run: done(() => store().clearFilters()),
      },
      {
        id: 'go:targets',
        label: 'Go to Targets',
        group: 'View',
        run: done(() => store().navigate({ view: 'targets' })),
      },
      {
        id: 'go:sessions',
        label: 'Go to Sessions',
        group: 'View',
        run: done(() => store().navigate({ view: 'sessions' })),
      },
    );
    return commands;
  }, [selection, selectionActions, targets, filters, sessions, close, store]);
}

/**
 * Ctrl/⌘-K: open a session by name (a text search over the store), act on the selection, sync,
 * switch the target filter, compare the two selected.
 */
export function ActionPalette() {
  const isOpen = useStore(selectIsPaletteOpen);
  if (!isOpen) return null;
  return <PaletteDialog />;
}

function PaletteDialog() {
  const close = useStore((state) => state.closePalette);
  const searchPalette = useStore((state) => state.searchPalette);
  const isSearching = useStore(selectIsPaletteSearching);
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const listRef = useRef<HTMLUListElement>(null);
  const commands = useCommands(close);
  const search = useMemo(() => debounce((value: string) => void searchPalette(value), 150), [searchPalette]);
  const visible = commands.filter(
    (c) => c.session !== undefined || !text.trim() || matches(`${c.group} ${c.label}`, text),
  );
  const activeIndex = Math.min(active, Math.max(0, visible.length - 1));

  useEffect(() => {
    listRef.current?.querySelector(`[data-index="${activeIndex}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [activeIndex]);

  const runAt = (index: number) => {
    const command = visible[index];
    if (command && !command.disabledReason) command.run();
  };

  return (
    <Modal title="Actions" onClose={close} testId="palette" className="palette">
      <input
        className="palette-input"
        aria-label="Type a command or a session name"
        placeholder="Type a command, or a session name to open…"
        data-testid="palette-input"
        role="combobox"
        aria-expanded="true"
        aria-controls="palette-list"
        aria-activedescendant={visible[activeIndex] ? `palette-item-${activeIndex}` : undefined}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setActive(0);
          search(event.target.value);
        }}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') {
            event.preventDefault();
            setActive(Math.min(visible.length - 1, activeIndex + 1));
          } else if (event.key === 'ArrowUp') {
            event.preventDefault();
            setActive(Math.max(0, activeIndex - 1));
          } else if (event.key === 'Enter') {
            event.preventDefault();
            runAt(activeIndex);
          }
        }}
      />
      <ul className="palette-list" id="palette-list" role="listbox" ref={listRef}>
        {visible.map((command, index) => (
          <li
            key={command.id}
            id={`palette-item-${index}`}
            role="option"
            aria-selected={index === activeIndex}
            aria-disabled={command.disabledReason ? true : undefined}
            className={`palette-item ${index === activeIndex ? 'is-active' : ''} ${command.disabledReason ? 'is-disabled' : ''}`}
            data-testid="palette-item"
            data-command={command.id}
            data-index={index}
            title={command.disabledReason ?? undefined}
            // Not mouseenter: the list changes under a resting pointer while the user types.
            onMouseMove={() => index !== activeIndex && setActive(index)}
            onClick={() => runAt(index)}
          >
            <span className="palette-group">{command.group}</span>
            {command.session && <StatusBadge status={command.session.status} />}
            <span className="palette-label">{command.label}</span>
            {command.hint && <span className="palette-hint">{command.hint}</span>}
          </li>
        ))}
        {visible.length === 0 && (
          <li className="palette-empty muted">{isSearching ? 'Searching…' : 'Nothing matches'}</li>
        )}
      </ul>
    </Modal>
  );
}
