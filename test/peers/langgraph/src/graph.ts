// Tracedeck's LangGraph test graph: no LLM, no network. Fake chat models from
// @langchain/core/utils/testing play the "agent"; the user's message scripts what happens.
// The mini-language is documented in ../README.md; parseDirectives() is its only parser.
import { AIMessage, AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import type { ToolCall } from '@langchain/core/messages/tool';
import { tool } from '@langchain/core/tools';
import { FakeListChatModel, FakeStreamingChatModel } from '@langchain/core/utils/testing';
import { END, MessagesAnnotation, START, StateGraph, interrupt } from '@langchain/langgraph';
import { ToolNode } from '@langchain/langgraph/prebuilt';
import { z } from 'zod';

type State = typeof MessagesAnnotation.State;
type Update = typeof MessagesAnnotation.Update;

/** Tool duration when the message has no `sleep:N`. Kept short so ordinary runs are quick. */
export const DEFAULT_TOOL_SECONDS = 0.2;
/** Upper bound for `sleep:N`, so a typo cannot park a worker for hours. */
export const MAX_TOOL_SECONDS = 600;
/** Delay between streamed characters of the final answer (`messages` stream events). */
const ANSWER_CHAR_DELAY_MS = 5;
export const REVIEW_QUESTION = 'Approve this answer?';
export const FAILURE_MESSAGE = 'demo failure requested by input';

export type Directives = {
  /** Raw text of the last human message. */
  text: string;
  /** Seconds the slow_lookup tool sleeps (`sleep:N`). */
  seconds: number;
  /** Queries for slow_lookup, one tool call each (`lookup:<text>`); the whole text when none. */
  lookups: string[];
  /** `notool`: the agent answers without calling a tool. */
  noTool: boolean;
  /** `noreview`: the run ends after the answer instead of pausing at the review interrupt. */
  noReview: boolean;
  /** `fail` (first agent turn) or `fail:late` (second agent turn, after the tool). */
  fail: 'early' | 'late' | null;
  /** `toolfail`: slow_lookup throws; ToolNode turns it into an error ToolMessage. */
  toolFail: boolean;
  /** `research:<topic>`: the researcher subgraph runs after the answer. */
  research: string | null;
};

function textOf(content: BaseMessage['content']): string {
  if (typeof content === 'string') return content;
  return content
    .map((part) => (part.type === 'text' && typeof part.text === 'string' ? part.text : ''))
    .join('');
}

function lastHumanIndex(messages: readonly BaseMessage[]): number {
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i]?.getType() === 'human') return i;
  }
  return -1;
}

export function parseDirectives(text: string): Directives {
  const sleep = /\bsleep:(\d+(?:\.\d+)?)/.exec(text);
  const seconds = sleep?.[1] === undefined ? DEFAULT_TOOL_SECONDS : Number(sleep[1]);
  const lookups = [...text.matchAll(/\blookup:(\S+)/g)].map((match) => match[1] ?? '');
  const fail = /\bfail(:late)?\b/.exec(text);
  const research = /\bresearch:(\S+)/.exec(text);
  return {
    text,
    seconds: Math.min(Math.max(seconds, 0), MAX_TOOL_SECONDS),
    lookups: lookups.length > 0 ? lookups : [text],
    noTool: /\bnotool\b/.test(text),
    noReview: /\bnoreview\b/.test(text),
    fail: fail === null ? null : fail[1] === undefined ? 'early' : 'late',
    toolFail: /\btoolfail\b/.test(text),
    research: research?.[1] ?? null,
  };
}

function directivesOf(messages: readonly BaseMessage[]): Directives {
  const index = lastHumanIndex(messages);
  const human = messages[index];
  return parseDirectives(human === undefined ? '' : textOf(human.content));
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The text slow_lookup derives from its query, so different lookups give different results. */
export function lookupResult(query: string, seconds: number): string {
  return `result for "${query}" after ${seconds}s: ${query.toUpperCase()} (${[...query].length} chars)`;
}

export const slowLookup = tool(
  async ({ query, seconds }, config) => {
    await sleep(seconds * 1000, config.signal);
    if (/\btoolfail\b/.test(query)) {
      throw new Error(`lookup failed for "${query}"`);
    }
    return lookupResult(query, seconds);
  },
  {
    name: 'slow_lookup',
    description: 'Looks something up; takes `seconds` seconds and honours cancellation.',
    schema: z.object({ query: z.string(), seconds: z.number() }),
  },
);

let callCounter = 0;
function nextCallId(): string {
  callCounter += 1;
  return `call_${Date.now().toString(36)}_${callCounter}`;
}

/** First turn: reasoning text plus one slow_lookup call per query, as one streamed chunk. */
async function planTurn(directives: Directives): Promise<AIMessageChunk> {
  // `toolfail` travels in the first query, so the tool (which sees only its args) can fail.
  const queries = directives.lookups.map((lookup, index) =>
    index === 0 && directives.toolFail && !/\btoolfail\b/.test(lookup) ? `${lookup} toolfail` : lookup,
  );
  const toolCalls: ToolCall[] = queries.map((query) => ({
    id: nextCallId(),
    name: 'slow_lookup',
    args: { query, seconds: directives.seconds },
    type: 'tool_call',
  }));
  const reasoning =
    `The user asked: "${directives.text}". ` +
    `I will call slow_lookup ${toolCalls.length} time(s), ${directives.seconds}s each.`;
  const model = new FakeStreamingChatModel({
    chunks: [
      new AIMessageChunk({
        content: `Reasoning: ${reasoning}`,
        tool_calls: toolCalls,
        additional_kwargs: { reasoning_content: reasoning },
      }),
    ],
  }).bindTools([slowLookup]);
  return model.invoke([new AIMessage(directives.text)]);
}

/** Second turn (or the only one with `notool`): the answer, streamed character by character. */
async function answerTurn(directives: Directives, toolOutputs: string[]): Promise<BaseMessage> {
  const answer =
    toolOutputs.length > 0
      ? `Thinking done. The tool said: ${toolOutputs.join('; ')}`
      : `Thinking done. No tool needed for "${directives.text}".`;
  const model = new FakeListChatModel({ responses: [answer], sleep: ANSWER_CHAR_DELAY_MS });
  return model.invoke([new AIMessage(directives.text)]);
}

async function agent(state: State): Promise<Update> {
  const messages = state.messages;
  const directives = directivesOf(messages);
  const sinceHuman = messages.slice(lastHumanIndex(messages) + 1);
  const toolOutputs = sinceHuman
    .filter((message) => message.getType() === 'tool')
    .map((message) => textOf(message.content));
  const firstTurn = toolOutputs.length === 0;
  if (directives.fail === 'early' || (directives.fail === 'late' && !firstTurn)) {
    throw new Error(FAILURE_MESSAGE);
  }
  if (firstTurn && !directives.noTool) return { messages: [await planTurn(directives)] };
  return { messages: [await answerTurn(directives, toolOutputs)] };
}

function hasToolCalls(message: BaseMessage | undefined): boolean {
  return message instanceof AIMessage || message instanceof AIMessageChunk
    ? (message.tool_calls?.length ?? 0) > 0
    : false;
}

function researchDone(messages: readonly BaseMessage[]): boolean {
  return messages.slice(lastHumanIndex(messages) + 1).some((message) => message.name === 'researcher');
}

function afterAgent(state: State): 'tools' | 'researcher' | 'review' | typeof END {
  const messages = state.messages;
  if (hasToolCalls(messages.at(-1))) return 'tools';
  const directives = directivesOf(messages);
  if (directives.research !== null && !researchDone(messages)) return 'researcher';
  return directives.noReview ? END : 'review';
}

function afterResearch(state: State): 'review' | typeof END {
  return directivesOf(state.messages).noReview ? END : 'review';
}

async function review(state: State): Promise<Update> {
  const draft = textOf(
    state.messages.findLast((message) => message.getType() === 'ai' && message.name !== 'researcher')
      ?.content ?? '',
  );
  const answer: unknown = interrupt({ question: REVIEW_QUESTION, draft });
  return { messages: [new AIMessage(`Reviewer said: ${JSON.stringify(answer)}`)] };
}

// --- researcher subgraph: plan → summarize, both named "researcher" ------------------------

async function researchPlan(state: State): Promise<Update> {
  const topic = directivesOf(state.messages).research ?? 'nothing';
  const model = new FakeStreamingChatModel({
    chunks: [
      new AIMessageChunk({
        content: `Research plan: read two sources about ${topic}.`,
        additional_kwargs: { reasoning_content: `Topic "${topic}" needs a short survey.` },
      }),
    ],
  });
  const message = await model.invoke([new AIMessage(topic)]);
  message.name = 'researcher';
  return { messages: [message] };
}

async function researchSummarize(state: State): Promise<Update> {
  const topic = directivesOf(state.messages).research ?? 'nothing';
  const model = new FakeListChatModel({
    responses: [`Findings on ${topic}: ${lookupResult(topic, 0)}`],
    sleep: ANSWER_CHAR_DELAY_MS,
  });
  const message = await model.invoke([new AIMessage(topic)]);
  message.name = 'researcher';
  return { messages: [message] };
}

function buildResearcher() {
  return new StateGraph(MessagesAnnotation)
    .addNode('plan', researchPlan)
    .addNode('summarize', researchSummarize)
    .addEdge(START, 'plan')
    .addEdge('plan', 'summarize')
    .addEdge('summarize', END)
    .compile();
}

/** Graph id `researcher`: the subgraph on its own (a second assistant). */
export const researcher = buildResearcher();

/** Graph id `agent`: agent → tools → agent → [researcher] → review (interrupt). */
export const graph = new StateGraph(MessagesAnnotation)
  .addNode('agent', agent)
  .addNode('tools', new ToolNode([slowLookup]))
  .addNode('researcher', buildResearcher())
  .addNode('review', review)
  .addEdge(START, 'agent')
  .addConditionalEdges('agent', afterAgent, ['tools', 'researcher', 'review', END])
  .addEdge('tools', 'agent')
  .addConditionalEdges('researcher', afterResearch, ['review', END])
  .addEdge('review', END)
  .compile();
