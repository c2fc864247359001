import type { ActivityItem } from '@shared/models/activity';
import { memo, useMemo } from 'react';
import { Virtuoso } from 'react-virtuoso';
import { useStore } from '../../state/store';
import { ActivityEntry, MessageText, ToolCallDetails, ToolSummary } from './activity-entry';
import { buildConversation, type ConversationBlock } from './activity-model';

/**
 * The conversation: user and assistant messages in order, each assistant reply with its
 * thoughts, tool calls and errors folded away; the system prompt folded at the top.
 */
export function ConversationTab() {
  const detail = useStore((state) => state.detail)!;
  const activity = useStore((state) => state.activity);
  const blocks = useMemo(() => buildConversation(activity), [activity]);
  const startedAt = detail.session.startedAt ?? detail.session.createdAt;
  if (blocks.length === 0) {
    return (
      <p className="empty-state" data-testid="conversation-empty">
        No messages in this session{activity.length < detail.activityTotal ? ' yet (still loading)' : ''}.
      </p>
    );
  }
  return (
    <Virtuoso
      className="conversation"
      data-testid="conversation-tab"
      data={blocks}
      computeItemKey={(_, block) => block.key}
      increaseViewportBy={400}
      itemContent={(_, block) => <Block block={block} startedAt={startedAt} />}
    />
  );
}

const Block = memo(function Block({
  block,
  startedAt,
}: {
  block: ConversationBlock;
  startedAt: number | null;
}) {
  switch (block.type) {
    case 'system':
      return (
        <details className="bubble bubble-system" data-testid="conversation-system">
          <summary>System prompt</summary>
          <MessageText item={block.message} />
        </details>
      );
    case 'user':
      return (
        <div className="bubble bubble-user" data-testid="conversation-user">
          <div className="bubble-role">User</div>
          <MessageText item={block.message} />
        </div>
      );
    case 'assistant':
      return (
        <div className="bubble bubble-assistant" data-testid="conversation-assistant">
          <div className="bubble-role">Assistant</div>
          {block.steps.map((step) => (
            <Step key={step.id} item={step} />
          ))}
          {block.message ? <MessageText item={block.message} /> : <p className="muted">No reply.</p>}
        </div>
      );
    case 'event':
      return (
        <div className="conversation-event">
          <ActivityEntry
            item={block.item}
            startedAt={startedAt}
            isExpanded={false}
            onToggle={noop}
            respondForm={null}
          />
        </div>
      );
  }
});

function noop(): void {}

/** A thought, tool call or error folded inside an assistant reply. */
function Step({ item }: { item: ActivityItem }) {
  if (item.kind === 'tool-call' && item.tool) {
    return (
      <details className="step step-tool" data-testid="conversation-tool">
        <summary>
          Tool call <ToolSummary tool={item.tool} />
        </summary>
        <ToolCallDetails tool={item.tool} />
      </details>
    );
  }
  if (item.kind === 'error') {
    return (
      <details className="step step-error" data-testid="conversation-error">
        <summary>Error{item.title ? `: ${item.title}` : ''}</summary>
        <p className="feed-error">{item.text ?? 'Error'}</p>
      </details>
    );
  }
  return (
    <details className="step step-thought" data-testid="conversation-thought">
      <summary>Thought</summary>
      <MessageText item={item} />
    </details>
  );
}
