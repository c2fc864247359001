import type { CoreDeps } from '../core';
import { dispatch } from './dispatch';
import type { Handlers } from './handlers';

/**
 * Answers, once, the calls a window makes when it opens (the list's first rows, its facet counts,
 * the targets, the settings) before any window asks: SQLite reads the index and facet pages they
 * need, the statements are prepared and the validators warmed, so the first paint after launch
 * does not wait for a cold core. Outcomes are ignored: the window's own calls report problems.
 */
export async function warmUp(table: Handlers, deps: CoreDeps): Promise<void> {
  await dispatch(table, deps, 'settings:get', { keys: [] });
  await dispatch(table, deps, 'targets:list', {});
  const opened = await dispatch(table, deps, 'sessions:query', { window: { start: 0, count: 50 } });
  if (opened.ok) {
    const { queryId } = opened.data as { queryId: number };
    await dispatch(table, deps, 'sessions:close-query', { queryId });
  }
  await dispatch(table, deps, 'sessions:facets', {});
}
