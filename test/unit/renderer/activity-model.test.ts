import { describe, expect, it } from 'vitest';
import type { ActivityItem } from '@shared/models/activity';
import {
  buildConversation,
  filterFeed,
  isInTab,
} from '../../../renderer/features/session-detail/activity-model';

let nextId = 0;
function item(overrides: Partial<ActivityItem>): ActivityItem {
  const id = String(++nextId);
  return {
    id,
    sessionId: 's',
    runId: null,
    seq: nextId,
    kind: 'message',
    at: null,
    role: 'user',
    title: null,
    text: null,
    body: null,
    tool: null,
    control: null,
    link: null,
    sourceType: null,
    ...overrides,
  };
}
function tool(state: NonNullable<ActivityItem['tool']>['state']): ActivityItem {
  return item({
    kind: 'tool-call',
    role: null,
    tool: {
      callId: 'c',
      name: 'lookup',
      args: null,
      result: null,
      state,
      errorCategory: null,
      errorMessage: null,
      retryCount: 0,
      durationMs: null,
    },
  });
}

describe('activity filter tabs', () => {
  const feed = [
    item({ role: 'user', text: 'hi' }),
    item({ kind: 'reasoning', role: 'assistant', text: 'think' }),
    tool('succeeded'),
    tool('failed'),
    item({ kind: 'error', role: null, text: 'boom' }),
    item({ role: 'assistant', text: 'done' }),
  ];

  it('counts and filters each tab; failed tool calls are errors too', () => {
    const { items, counts } = filterFeed(feed, 'errors');
    expect(counts).toEqual({ all: 6, reasoning: 1, tools: 2, errors: 2 });
    expect(items.map((i) => i.kind)).toEqual(['tool-call', 'error']);
    expect(filterFeed(feed, 'all').items).toBe(feed);
    expect(filterFeed(feed, 'tools').items.map((i) => i.tool?.state)).toEqual(['succeeded', 'failed']);
    expect(isInTab(feed[1]!, 'reasoning')).toBe(true);
    expect(isInTab(feed[0]!, 'reasoning')).toBe(false);
  });
});

describe('conversation blocks', () => {
  it('attaches thoughts, tool calls and errors to the assistant reply that follows them', () => {
    const system = item({ role: 'system', text: 'You are helpful' });
    const user = item({ role: 'user', text: 'Find flights' });
    const thought = item({ kind: 'reasoning', role: 'assistant', text: 'search first' });
    const call = tool('succeeded');
    const toolMessage = item({ role: 'tool', text: '{"ok":true}' });
    const reply = item({ role: 'assistant', text: 'Found 3' });
    const pause = item({
      kind: 'control',
      role: null,
      control: { action: 'pause', phase: 'completed', by: 'ana', detail: null },
    });
    const user2 = item({ role: 'user', text: 'Book it' });
    const failed = tool('failed');
    const blocks = buildConversation([system, user, thought, call, toolMessage, reply, pause, user2, failed]);
    expect(blocks.map((b) => b.type)).toEqual(['system', 'user', 'assistant', 'event', 'user', 'assistant']);
    const turn = blocks[2];
    expect(turn?.type === 'assistant' && turn.message).toBe(reply);
    expect(turn?.type === 'assistant' && turn.steps).toEqual([thought, call]);
    // A turn that ended without a reply (a failed tool call) still shows its steps.
    const last = blocks[5];
    expect(last?.type === 'assistant' && last.message).toBeNull();
    expect(last?.type === 'assistant' && last.steps).toEqual([failed]);
  });

  it('keeps an empty feed empty', () => {
    expect(buildConversation([])).toEqual([]);
  });
});
