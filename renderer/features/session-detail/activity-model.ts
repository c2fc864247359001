import type { ActivityItem } from '@shared/models/activity';

// Pure views over a session's activity feed, shared by the conversation and activity tabs (and
// tested without a DOM).

export const FEED_TABS = ['all', 'reasoning', 'tools', 'errors'] as const;
export type FeedTab = (typeof FEED_TABS)[number];

export const FEED_TAB_LABELS: Record<FeedTab, string> = {
  all: 'All',
  reasoning: 'Reasoning',
  tools: 'Tool calls',
  errors: 'Errors',
};

/** Whether an item belongs under a filter tab. Failed tool calls count as errors too. */
export function isInTab(item: ActivityItem, tab: FeedTab): boolean {
  switch (tab) {
    case 'all':
      return true;
    case 'reasoning':
      return item.kind === 'reasoning';
    case 'tools':
      return item.kind === 'tool-call';
    case 'errors':
      return item.kind === 'error' || (item.kind === 'tool-call' && item.tool?.state === 'failed');
  }
}

/** The items under a tab (the same array for All) and how many each tab holds. */
export function filterFeed(
  items: readonly ActivityItem[],
  tab: FeedTab,
): { items: readonly ActivityItem[]; counts: Record<FeedTab, number> } {
  const counts: Record<FeedTab, number> = { all: items.length, reasoning: 0, tools: 0, errors: 0 };
  const filtered: ActivityItem[] = [];
  for (const item of items) {
    if (isInTab(item, 'reasoning')) counts.reasoning++;
    if (isInTab(item, 'tools')) counts.tools++;
    if (isInTab(item, 'errors')) counts.errors++;
    if (tab !== 'all' && isInTab(item, tab)) filtered.push(item);
  }
  return { items: tab === 'all' ? items : filtered, counts };
}

/**
 * One block of the conversation: a system prompt, a user message, or an assistant turn with the
 * thoughts, tool calls and errors that led to its reply (`message` null when the turn ended
 * without one, e.g. it failed or is still running). Other items (control entries, waits, links)
 * stand alone as `event` blocks.
 */
export type ConversationBlock =
  | { type: 'system'; key: string; message: ActivityItem }
  | { type: 'user'; key: string; message: ActivityItem }
  | { type: 'assistant'; key: string; message: ActivityItem | null; steps: ActivityItem[] }
  | { type: 'event'; key: string; item: ActivityItem };

const STEP_KINDS = new Set<ActivityItem['kind']>(['reasoning', 'tool-call', 'error']);

/**
 * Groups a feed into conversation blocks in order. Tool messages (`role: tool`) are folded into
 * the tool call they answer, so they are not repeated.
 */
export function buildConversation(items: readonly ActivityItem[]): ConversationBlock[] {
  const blocks: ConversationBlock[] = [];
  let steps: ActivityItem[] = [];
  const flushSteps = () => {
    if (steps.length === 0) return;
    blocks.push({ type: 'assistant', key: `turn-${steps[0]!.id}`, message: null, steps });
    steps = [];
  };
  for (const item of items) {
    if (item.kind === 'message') {
      if (item.role === 'tool') continue;
      if (item.role === 'assistant') {
        blocks.push({ type: 'assistant', key: item.id, message: item, steps });
        steps = [];
        continue;
      }
      flushSteps();
      blocks.push({ type: item.role === 'system' ? 'system' : 'user', key: item.id, message: item });
      continue;
    }
    if (STEP_KINDS.has(item.kind)) {
      steps.push(item);
      continue;
    }
    if (item.kind === 'step' || item.kind === 'event') continue;
    flushSteps();
    blocks.push({ type: 'event', key: item.id, item });
  }
  flushSteps();
  return blocks;
}
