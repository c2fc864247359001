import type { ActivityItem } from '@shared/models/activity';
import { isLive } from '@shared/models/status';
import { useCallback, useMemo, useState } from 'react';
import { Virtuoso } from 'react-virtuoso';
import { useStore } from '../../state/store';
import { ActivityEntry } from './activity-entry';
import { FEED_TAB_LABELS, FEED_TABS, filterFeed, type FeedTab } from './activity-model';
import { RespondForm } from './respond-form';

/**
 * The full chronological feed, virtualized (only what is on screen is rendered), with filter
 * tabs. A live session's feed follows new items while the user is at its end.
 */
export function ActivityTab({ canRespond }: { canRespond: boolean }) {
  const detail = useStore((state) => state.detail)!;
  const activity = useStore((state) => state.activity);
  const [tab, setTab] = useState<FeedTab>('all');
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const { items, counts } = useMemo(() => filterFeed(activity, tab), [activity, tab]);
  const toggle = useCallback(
    (id: string) =>
      setExpanded((open) => {
        const next = new Set(open);
        if (!next.delete(id)) next.add(id);
        return next;
      }),
    [],
  );
  // Only the newest wait can still be answered.
  const lastWait = useMemo(() => findLast(activity, (item) => item.kind === 'input-wait'), [activity]);
  const startedAt = detail.session.startedAt ?? detail.session.createdAt;
  const isLoading = activity.length < detail.activityTotal;

  return (
    <div className="feed" data-testid="activity-tab">
      <div className="feed-tabs" role="tablist" aria-label="Filter the activity">
        {FEED_TABS.map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={tab === t}
            className={`feed-tab ${tab === t ? 'is-active' : ''}`}
            data-testid={`feed-tab-${t}`}
            onClick={() => setTab(t)}
          >
            {FEED_TAB_LABELS[t]} <span className="count">{counts[t]}</span>
          </button>
        ))}
        {isLoading && (
          <span className="muted feed-loading" data-testid="feed-loading">
            Loading {activity.length.toLocaleString()} of {detail.activityTotal.toLocaleString()}…
          </span>
        )}
      </div>
      {items.length === 0 ? (
        <p className="empty-state" data-testid="feed-empty">
          {tab === 'all'
            ? 'This session has no activity yet.'
            : `No ${FEED_TAB_LABELS[tab].toLowerCase()} in this session.`}
        </p>
      ) : (
        <Virtuoso
          className="feed-list"
          data={items}
          computeItemKey={(_, item) => item.id}
          followOutput={isLive(detail.session.status) ? 'auto' : false}
          increaseViewportBy={400}
          itemContent={(_, item: ActivityItem) => (
            <ActivityEntry
              item={item}
              startedAt={startedAt}
              isExpanded={expanded.has(item.id)}
              onToggle={toggle}
              respondForm={canRespond && item === lastWait ? <RespondForm prompt={item.title} /> : null}
            />
          )}
        />
      )}
    </div>
  );
}

function findLast<T>(items: readonly T[], test: (item: T) => boolean): T | null {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i]!)) return items[i]!;
  return null;
}
