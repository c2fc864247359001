import type {
  IngestActivity,
  IngestPayload,
  IngestRaw,
  IngestRun,
  IngestSessionDetail,
  IngestSpan,
} from '@shared/models/ingest';
import type { SessionKind, TriggerType } from '@shared/models/session';
import type { SessionStatus } from '@shared/models/status';
import type { TargetKind } from '@shared/models/target';

/*
 * A deterministic synthetic store: what a busy team's Tracedeck would hold after a year.
 * The same seed always gives the same data. Distribution (per session unless noted):
 *
 * - targets: 5 — two local AgentOS servers, an AgentOS cloud account, a LangGraph deployment
 *   and an OTel receiver, holding 35 / 25 / 20 / 15 / 5 % of sessions;
 * - kind: agent 60 %, team 25 %, workflow 15 %;
 * - status: completed 78 %, failed 8 %, canceled 4 %, running 3 %, waiting 2 %, queued 1.5 %,
 *   paused 1 %, pending 1 %, pausing 0.25 %, canceling 0.25 %;
 * - trigger: manual 30 %, api 25 %, schedule 15 %, event 8 %, agent 7 %, workflow 5 %, webhook 5 %,
 *   cli 3 %, poll 1 %, unknown 1 %;
 * - start times spread over the 365 days before `endMs`, generated roughly in time order (as a
 *   sync would insert them) with jitter; duration log-normal (median 8 s, p95 ≈ 3 min), null
 *   while live; tokens log-normal (median ≈ 2,500), cost from the model's price; 5 % of sessions
 *   have no cost and 3 % no token counts (sources that do not report them);
 * - runs: 1 (70 %), 2 (20 %), 3–5 (10 %), each with an input and output payload, failed runs an
 *   error payload;
 * - activity: about 10 items on average, in 1 (40 %), 2 (35 %) or 3 (25 %) turns of a user
 *   message, reasoning (40 %), 0–6 tool calls (mean ≈ 2.6) with JSON args (≈ 70 B) and results
 *   (log-normal, median ≈ 60 B, 0.02 % between 100 KB and 1 MB), links to member sessions
 *   (teams), steps (workflows) and an assistant message; errors for failed sessions, control
 *   entries for canceled / paused ones, input waits for waiting ones;
 * - text: ~6,400 words (real ones first, then pseudo-words) drawn with a Zipf (s = 1)
 *   distribution, 2 % of sessions Japanese (e.g. 東京都) and 1 % Chinese; prompts 40–240
 *   characters, messages 20–240, so a session's searchable text is about 1.3 KB (the
 *   benchmark reports the measured figure);
 * - long sessions: `longSessions` sessions (default 3) with 10,000 activity items each;
 * - huge payloads: `hugePayloads` tool results (default 3) of 10 MB;
 * - raw records: the session's remote JSON (≈ 400 B, with fields Tracedeck does not map), 0.1 %
 *   flagged with a parse error;
 * - spans: sessions of the OTel target carry 4–16 spans.
 */

export interface SyntheticOptions {
  sessions: number;
  seed?: number;
  /** Sessions with 10,000 activity items, spread evenly through the set. */
  longSessions?: number;
  /** 10 MB tool results, spread evenly through the set. */
  hugePayloads?: number;
  /** The newest start time, epoch ms. */
  endMs?: number;
}

export interface SyntheticTarget {
  id: string;
  name: string;
  kind: TargetKind;
  location: 'local' | 'cloud';
  baseUrl: string;
  authMode: 'none' | 'security-key' | 'jwt' | 'api-key';
}

export interface SyntheticSession {
  targetId: string;
  detail: IngestSessionDetail;
}

/** The rank of `word` in the synthetic vocabulary (0 = most frequent), or -1. */
export function syntheticWordRank(word: string): number {
  return WORDS.indexOf(word);
}

/** mulberry32: small, fast, good enough for synthetic data. Returns floats in [0, 1). */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SYNTHETIC_TARGETS: readonly SyntheticTarget[] = [
  {
    id: '4f1c2a7e-0b1d-4c55-9a51-7d3e8b2f6a01',
    name: 'agno local',
    kind: 'agentos',
    location: 'local',
    baseUrl: 'http://127.0.0.1:7777',
    authMode: 'none',
  },
  {
    id: '9b7e4d21-5c3a-4e8f-b1d2-0a6c9e8f7b02',
    name: 'agno staging',
    kind: 'agentos',
    location: 'local',
    baseUrl: 'http://127.0.0.1:7778',
    authMode: 'security-key',
  },
  {
    id: 'c2d8f6a4-7e1b-4a93-8c5d-3f2e1b0a9c03',
    name: 'agno cloud prod',
    kind: 'agentos',
    location: 'cloud',
    baseUrl: 'https://os.agno.example',
    authMode: 'jwt',
  },
  {
    id: 'e5a3b9c7-1d2f-4b6e-a8c4-9d7f5e3b1a04',
    name: 'langgraph prod',
    kind: 'langgraph',
    location: 'cloud',
    baseUrl: 'https://lg.example.dev',
    authMode: 'api-key',
  },
  {
    id: '17f9e2d4-3b5c-4d8a-9e6f-2c1b0a8d7e05',
    name: 'otel receiver',
    kind: 'otel',
    location: 'local',
    baseUrl: 'http://127.0.0.1:4318',
    authMode: 'none',
  },
];
const TARGET_WEIGHTS = [35, 25, 20, 15, 5];

const KINDS: readonly [SessionKind, number][] = [
  ['agent', 60],
  ['team', 25],
  ['workflow', 15],
];
const STATUSES: readonly [SessionStatus, number][] = [
  ['completed', 78],
  ['failed', 8],
  ['canceled', 4],
  ['running', 3],
  ['waiting', 2],
  ['queued', 1.5],
  ['paused', 1],
  ['pending', 1],
  ['pausing', 0.25],
  ['canceling', 0.25],
];
const TRIGGERS: readonly [TriggerType, number][] = [
  ['manual', 30],
  ['api', 25],
  ['schedule', 15],
  ['event', 8],
  ['agent', 7],
  ['workflow', 5],
  ['webhook', 5],
  ['cli', 3],
  ['poll', 1],
  ['unknown', 1],
];
const MODELS: readonly [string, string, number][] = [
  ['gpt-4.1-mini', 'openai', 0.0000008],
  ['gpt-4.1', 'openai', 0.000005],
  ['claude-sonnet-4', 'anthropic', 0.000006],
  ['claude-haiku-4', 'anthropic', 0.0000012],
  ['gemini-2.5-flash', 'google', 0.0000006],
  ['llama-3.3-70b', 'groq', 0.0000007],
];
const TOOLS = [
  'search_web',
  'read_file',
  'write_file',
  'run_sql',
  'http_get',
  'send_email',
  'create_ticket',
  'lookup_customer',
  'get_weather',
  'calculator',
  'fetch_invoice',
  'summarize_document',
  'translate_text',
  'query_vector_store',
  'slack_post',
  'github_create_issue',
  'run_python',
  'list_calendar_events',
  'update_crm_record',
  'generate_report',
];
const COMPONENTS: Record<SessionKind, readonly string[]> = {
  agent: [
    'support-agent',
    'research-agent',
    'billing-agent',
    'sql-analyst',
    'code-reviewer',
    'travel-planner',
    'triage-bot',
    'docs-writer',
  ],
  team: ['support-team', 'research-team', 'incident-response', 'content-studio'],
  workflow: [
    'nightly-report',
    'invoice-reconciliation',
    'lead-enrichment',
    'weekly-digest',
    'data-quality-check',
  ],
};
const ACTORS = [
  'ana@acme.dev',
  'bo@acme.dev',
  'chen@acme.dev',
  'dara@acme.dev',
  'eli@acme.dev',
  'svc-billing',
  'svc-etl',
  'svc-support',
  'scheduler',
];
const PROJECTS = ['checkout', 'support', 'growth', 'data-platform', 'internal-tools'];
const SERVICES = ['postgres', 'redis', 'stripe', 'zendesk', 'slack', 'github', 'gmail', 's3', 'pinecone'];
const ERROR_CATEGORIES = [
  'tool',
  'model',
  'timeout',
  'rate-limited',
  'auth',
  'validation',
  'internal',
] as const;
const ERRORS = [
  'Request timed out after 30000 ms',
  'Rate limit exceeded: retry after 12 seconds',
  'Invalid API key provided',
  'Tool returned malformed JSON: Unexpected token } in JSON at position 112',
  'Connection reset by peer while reading response',
  'Context length exceeded: 131072 tokens requested',
  'Permission denied for table invoices',
  'Upstream service returned 503 Service Unavailable',
];

// Word frequencies follow rank^-1 roughly: common words first.
const VOCABULARY = (
  'the to and of a in is for that on with this it be as you are at can by from we your please ' +
  'will if have not or customer data report user order invoice account payment request ' +
  'error result table query file status ticket email team agent tool search summary update ' +
  'response message task issue support price product week month today yesterday total ' +
  'number list check review analysis document page database record service workflow ' +
  'schedule meeting calendar project deadline budget revenue refund shipping address ' +
  'delivery subscription plan trial upgrade cancel renewal contract vendor supplier ' +
  'inventory warehouse region europe asia america quarter growth churn retention ' +
  'campaign marketing sales lead pipeline forecast dashboard metric latency timeout ' +
  'retry failure success pending approved rejected draft final version release deploy ' +
  'server cluster container memory storage backup restore migration index cache ' +
  'token model prompt context embedding vector retrieval document chunk score ranking ' +
  'translate english german french spanish japanese summary outline bullet paragraph ' +
  'weather forecast temperature rain london paris berlin tokyo madrid lisbon boston ' +
  'flight hotel booking itinerary passenger seat luggage airport train ticket fare ' +
  'python script function variable exception stack trace line module package import ' +
  'sql select join where group count average median percentile distribution histogram ' +
  'compliance audit policy security access permission role admin owner member guest ' +
  'onboarding training handbook guideline checklist template form field value option ' +
  'kubernetes terraform docker postgres redis kafka snowflake bigquery airflow dbt ' +
  'reconciliation discrepancy ledger balance statement transaction currency exchange ' +
  'anomaly spike drop trend baseline threshold alert incident postmortem escalation ' +
  'customer-facing backend frontend mobile android ios desktop browser extension api ' +
  'webhook endpoint payload header cookie session oauth jwt credential secret rotation ' +
  'quarterly annual weekly daily hourly minute second deadline overdue reminder'
).split(/\s+/);
const JAPANESE = [
  '東京都の天気を調べてください',
  '請求書の金額を確認しました',
  '大阪の支店に在庫がありません',
  '東京都港区のお客様から問い合わせがありました',
  '来週の会議の議事録を要約してください',
  '配送状況を確認して返信します',
];
const CHINESE = ['请帮我总结这份报告', '北京的客户订单已经发货', '上海仓库的库存不足', '数据库查询超时'];

function pick<T>(rng: () => number, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)] as T;
}

function weighted<T>(rng: () => number, table: readonly [T, number][]): T {
  const total = table.reduce((sum, [, w]) => sum + w, 0);
  let r = rng() * total;
  for (const [value, weight] of table) {
    r -= weight;
    if (r < 0) return value;
  }
  return (table.at(-1) as [T, number])[0];
}

function logNormal(rng: () => number, median: number, sigma: number): number {
  const u = Math.max(rng(), 1e-12);
  const v = rng();
  const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return median * Math.exp(sigma * normal);
}

const SYLLABLES = [
  'ka',
  'lo',
  'mir',
  'ten',
  'sa',
  'vor',
  'qui',
  'del',
  'an',
  'rus',
  'po',
  'lem',
  'tar',
  'ni',
  'gos',
  'el',
  'fra',
  'bu',
  'zen',
  'ol',
  'cri',
  'mas',
  've',
  'tor',
];

/**
 * The vocabulary in rank order: the function words first, then 6,000 pseudo-words with the
 * real topic words spread evenly among them, so a topic word such as `invoice` (rank ≈ 570)
 * appears in a few percent of sessions, as a real topic word does.
 */
const WORDS: readonly string[] = (() => {
  const rng = createRng(7);
  const functionWords = VOCABULARY.slice(0, VOCABULARY.indexOf('customer'));
  const topicWords = VOCABULARY.slice(functionWords.length);
  const seen = new Set(VOCABULARY);
  const pseudo: string[] = [];
  while (pseudo.length < 6000) {
    const n = 2 + Math.floor(rng() * 3);
    let w = '';
    for (let i = 0; i < n; i++) w += pick(rng, SYLLABLES);
    if (!seen.has(w)) {
      seen.add(w);
      pseudo.push(w);
    }
  }
  const spacing = Math.floor(pseudo.length / topicWords.length);
  const words = [...functionWords];
  pseudo.forEach((w, i) => {
    if (i % spacing === 0 && topicWords[i / spacing] !== undefined)
      words.push(topicWords[i / spacing] as string);
    words.push(w);
  });
  return words;
})();
/** Cumulative Zipf (s = 1) weights over WORDS, for a binary search. */
const ZIPF_CUMULATIVE: Float64Array = (() => {
  const out = new Float64Array(WORDS.length);
  let sum = 0;
  for (let i = 0; i < WORDS.length; i++) {
    sum += 1 / (i + 1);
    out[i] = sum;
  }
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / sum;
  return out;
})();

function zipfWord(rng: () => number): string {
  const r = rng();
  let lo = 0;
  let hi = ZIPF_CUMULATIVE.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((ZIPF_CUMULATIVE[mid] as number) < r) lo = mid + 1;
    else hi = mid;
  }
  return WORDS[lo] as string;
}

function sentence(rng: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(zipfWord(rng));
  const text = out.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function paragraph(rng: () => number, chars: number, language: 'en' | 'ja' | 'zh'): string {
  if (language !== 'en') {
    const phrases = language === 'ja' ? JAPANESE : CHINESE;
    let text = pick(rng, phrases);
    while (text.length < chars / 3) text += `。${pick(rng, phrases)}`;
    return `${text}。 ${sentence(rng, 6)}`;
  }
  let text = sentence(rng, 4 + Math.floor(rng() * 8));
  while (text.length < chars) text += ` ${sentence(rng, 4 + Math.floor(rng() * 8))}`;
  return text;
}

function jsonPayload(value: unknown): IngestPayload {
  return { contentType: 'application/json', body: JSON.stringify(value) };
}

function hex(rng: () => number, length: number): string {
  let out = '';
  while (out.length < length)
    out += Math.floor(rng() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  return out.slice(0, length);
}

function uuid(rng: () => number): string {
  const h = hex(rng, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function toolResult(rng: () => number, tool: string, forceBytes: number | null): IngestPayload {
  const bytes =
    forceBytes ?? (rng() < 0.0002 ? 100_000 + rng() * 900_000 : Math.min(logNormal(rng, 60, 1), 60_000));
  if (bytes > 20_000) {
    const rows: string[] = [];
    let size = 0;
    const row = JSON.stringify({ id: 0, name: sentence(rng, 4), value: 0, note: sentence(rng, 12) });
    while (size < bytes) {
      rows.push(row);
      size += row.length + 1;
    }
    return { contentType: 'application/json', body: `{"tool":"${tool}","rows":[${rows.join(',')}]}` };
  }
  return jsonPayload({ tool, ok: true, text: paragraph(rng, Math.max(20, bytes - 40), 'en') });
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The synthetic sessions, in a roughly chronological order. Deterministic for a given seed and
 * options. Each yields the target id and the session's full detail as a connector would.
 */
export function* syntheticSessions(options: SyntheticOptions): Generator<SyntheticSession> {
  const rng = createRng(options.seed ?? 42);
  const count = options.sessions;
  const endMs = options.endMs ?? Date.UTC(2026, 10, 1);
  const startMs = endMs - 365 * DAY;
  const longEvery = options.longSessions ?? 3;
  const hugeEvery = options.hugePayloads ?? 3;
  const isLong = (i: number) =>
    longEvery > 0 && count > 0 && (i + 1) % Math.max(1, Math.floor(count / longEvery)) === 0;
  const isHuge = (i: number) =>
    hugeEvery > 0 &&
    count > 0 &&
    (i + 1) % Math.max(1, Math.floor(count / hugeEvery)) === Math.floor(count / hugeEvery / 2);
  for (let i = 0; i < count; i++) {
    const targetIndex = weighted(
      rng,
      TARGET_WEIGHTS.map((w, t) => [t, w] as [number, number]),
    );
    const target = SYNTHETIC_TARGETS[targetIndex] as SyntheticTarget;
    const kind = weighted(rng, KINDS);
    const status = weighted(rng, STATUSES);
    const triggerType = weighted(rng, TRIGGERS);
    const language: 'en' | 'ja' | 'zh' = rng() < 0.02 ? 'ja' : rng() < 0.01 ? 'zh' : 'en';
    const [model, provider, price] = pick(rng, MODELS);
    const component = pick(rng, COMPONENTS[kind]);
    const startedAt = Math.round(startMs + ((i + rng() * 50) / Math.max(1, count)) * 365 * DAY);
    const queuedAt = startedAt - Math.round(rng() * 2000);
    const isLive =
      status === 'running' ||
      status === 'waiting' ||
      status === 'pausing' ||
      status === 'canceling' ||
      status === 'paused';
    const notStarted = status === 'queued' || status === 'pending';
    const durationMs = isLive || notStarted ? null : Math.round(logNormal(rng, 8000, 1.8));
    const inputTokens = Math.round(logNormal(rng, 1800, 1));
    const outputTokens = Math.round(logNormal(rng, 600, 1));
    const hasTokens = !notStarted && rng() >= 0.03;
    const costUsd =
      hasTokens && rng() >= 0.05 ? Number(((inputTokens + outputTokens) * price).toFixed(6)) : null;
    const remoteId = target.kind === 'langgraph' ? uuid(rng) : `${kind}-${hex(rng, 16)}`;
    const prompt = paragraph(rng, 40 + rng() * 200, language);
    const summary = status === 'completed' ? paragraph(rng, 40 + rng() * 120, language) : null;
    const errorCount = status === 'failed' ? 1 + Math.floor(rng() * 3) : rng() < 0.03 ? 1 : 0;

    const runCount = isLong(i) ? 20 : rng() < 0.7 ? 1 : rng() < 0.67 ? 2 : 3 + Math.floor(rng() * 3);
    const runs: IngestRun[] = [];
    for (let r = 0; r < runCount; r++) {
      const runFailed = status === 'failed' && r === runCount - 1;
      runs.push({
        remoteId: `run-${hex(rng, 12)}`,
        parentRemoteId: r > 0 && kind !== 'agent' ? (runs[0]?.remoteId ?? null) : null,
        kind,
        status: r === runCount - 1 ? status : 'completed',
        componentName: component,
        input: { contentType: 'text/plain', body: r === 0 ? prompt : paragraph(rng, 80, language) },
        output: notStarted
          ? null
          : jsonPayload({ content: paragraph(rng, 100 + rng() * 700, language), model }),
        error: runFailed
          ? jsonPayload({ error: pick(rng, ERRORS), category: pick(rng, ERROR_CATEGORIES) })
          : null,
        metrics: {
          inputTokens: hasTokens ? Math.round(inputTokens / runCount) : null,
          outputTokens: hasTokens ? Math.round(outputTokens / runCount) : null,
          totalTokens: hasTokens ? Math.round((inputTokens + outputTokens) / runCount) : null,
          timeToFirstTokenMs: notStarted ? null : Math.round(logNormal(rng, 450, 0.6)),
          durationMs: durationMs === null ? null : Math.round(durationMs / runCount),
          costUsd: costUsd === null ? null : Number((costUsd / runCount).toFixed(6)),
        },
        model,
        provider,
        createdAt: queuedAt,
        startedAt: notStarted ? null : startedAt + r * 1000,
        finishedAt: durationMs === null ? null : startedAt + durationMs,
      });
    }

    const activity: IngestActivity[] = [];
    const item = (partial: Partial<IngestActivity> & Pick<IngestActivity, 'kind'>): void => {
      activity.push({
        runRemoteId:
          runs[Math.min(runs.length - 1, Math.floor((activity.length / 12) % runs.length))]?.remoteId ?? null,
        at: startedAt + activity.length * 350,
        role: null,
        title: null,
        text: null,
        body: null,
        tool: null,
        control: null,
        link: null,
        sourceType: null,
        ...partial,
      });
    };
    const target10k = isLong(i) ? 10_000 : 0;
    let hugeLeft = isHuge(i) ? 1 : 0;
    const turnRoll = rng();
    const turns = target10k > 0 ? Number.POSITIVE_INFINITY : turnRoll < 0.4 ? 1 : turnRoll < 0.75 ? 2 : 3;
    for (let turn = 0; turn < turns && (target10k === 0 || activity.length < target10k); turn++) {
      const isLastTurn = turn === turns - 1;
      item({
        kind: 'message',
        role: 'user',
        text: activity.length === 0 ? prompt : paragraph(rng, 20 + rng() * 100, language),
        sourceType: 'RunStarted',
      });
      if (notStarted) break;
      if (rng() < 0.4)
        item({
          kind: 'reasoning',
          role: 'assistant',
          text: paragraph(rng, 40 + rng() * 120, language),
          sourceType: 'ReasoningStep',
        });
      const tools = Math.min(6, Math.floor(logNormal(rng, 2.6, 0.6)));
      for (let t = 0; t < tools; t++) {
        const tool = pick(rng, TOOLS);
        const failed = status === 'failed' && isLastTurn && t === tools - 1;
        item({
          kind: 'tool-call',
          sourceType: 'ToolCallCompleted',
          tool: {
            callId: `call_${hex(rng, 10)}`,
            name: tool,
            args: jsonPayload({ query: sentence(rng, 2 + Math.floor(rng() * 4)), limit: 10 }),
            result: failed ? null : toolResult(rng, tool, hugeLeft-- > 0 ? 10 * 1024 * 1024 : null),
            state: failed ? 'failed' : 'succeeded',
            errorCategory: failed ? pick(rng, ERROR_CATEGORIES) : null,
            errorMessage: failed ? pick(rng, ERRORS) : null,
            retryCount: failed ? Math.floor(rng() * 3) : 0,
            durationMs: Math.round(logNormal(rng, 400, 1)),
          },
        });
      }
      if (kind === 'team' && rng() < 0.6) {
        item({
          kind: 'link',
          link: {
            relation: 'member',
            sessionRemoteId: `agent-${hex(rng, 16)}`,
            runRemoteId: null,
            name: pick(rng, COMPONENTS.agent),
          },
          sourceType: 'TeamRunMemberStarted',
        });
      }
      if (kind === 'workflow')
        item({
          kind: 'step',
          title: `step ${pick(rng, ['extract', 'transform', 'load', 'notify', 'validate'])}`,
          sourceType: 'StepCompleted',
        });
      if (status === 'failed' && isLastTurn)
        item({ kind: 'error', text: pick(rng, ERRORS), sourceType: 'RunError' });
      if (!isLive || !isLastTurn)
        item({
          kind: 'message',
          role: 'assistant',
          text: paragraph(rng, 40 + rng() * 200, language),
          sourceType: 'RunCompleted',
        });
    }
    if (target10k > 0) activity.length = target10k;
    if (status === 'canceled' || status === 'canceling') {
      item({
        kind: 'control',
        control: {
          action: 'cancel',
          phase: status === 'canceled' ? 'completed' : 'requested',
          by: pick(rng, ACTORS),
          detail: null,
        },
        sourceType: 'RunCancelled',
      });
    }
    if (status === 'paused' || status === 'pausing') {
      item({
        kind: 'control',
        control: {
          action: 'pause',
          phase: status === 'paused' ? 'completed' : 'requested',
          by: pick(rng, ACTORS),
          detail: null,
        },
        sourceType: 'RunPaused',
      });
    }
    if (status === 'waiting')
      item({
        kind: 'input-wait',
        title: 'Approve the refund?',
        text: paragraph(rng, 60, language),
        sourceType: 'RunPaused',
      });
    if (rng() < 0.002)
      item({
        kind: 'event',
        title: 'CustomEvent',
        text: JSON.stringify({ custom: sentence(rng, 3) }),
        sourceType: 'CustomEvent',
      });

    const spans: IngestSpan[] = [];
    if (target.kind === 'otel') {
      const traceId = hex(rng, 32);
      const base = BigInt(startedAt) * 1_000_000n;
      const n = 4 + Math.floor(rng() * 12);
      for (let s = 0; s < n; s++) {
        const start = base + BigInt(s * 1_000_000 + Math.floor(rng() * 999_999));
        spans.push({
          traceId,
          spanId: hex(rng, 16),
          parentSpanId: s === 0 ? null : (spans[0]?.spanId ?? null),
          name: s === 0 ? `invoke_agent ${component}` : `chat ${model}`,
          kind: s === 0 ? 'internal' : 'client',
          startNs: start,
          endNs: start + BigInt(Math.round(logNormal(rng, 2e8, 1))),
          status: status === 'failed' && s === n - 1 ? 'error' : 'ok',
          statusMessage: null,
          attributes: {
            'gen_ai.request.model': model,
            'gen_ai.usage.input_tokens': Math.round(inputTokens / n),
            'gen_ai.system': provider,
          },
          events: [],
        });
      }
    }

    const raw: IngestRaw[] = [
      {
        entity: 'session',
        remoteId,
        json: JSON.stringify({
          session_id: remoteId,
          [`${kind}_id`]: component,
          user_id: pick(rng, ACTORS),
          session_state: { step: Math.floor(rng() * 9), locale: language },
          created_at: Math.floor(queuedAt / 1000),
          updated_at: Math.floor((startedAt + (durationMs ?? 0)) / 1000),
          metadata: { project: pick(rng, PROJECTS), experiment: rng() < 0.1 ? 'b' : 'a' },
          x_unmapped_field: hex(rng, 8),
        }),
        ...(rng() < 0.001 ? { parseError: 'runs[0].status: Invalid enum value' } : {}),
      },
    ];
    const trigger = {
      type: triggerType,
      source:
        triggerType === 'schedule'
          ? 'every 15 min'
          : triggerType === 'manual' || triggerType === 'cli'
            ? pick(rng, ACTORS)
            : triggerType === 'unknown'
              ? null
              : `svc-${pick(rng, PROJECTS)}`,
      raw: triggerType === 'unknown' ? null : JSON.stringify({ type: triggerType }),
    };
    const serviceCount = Math.floor(rng() * 3);
    yield {
      targetId: target.id,
      detail: {
        session: {
          remoteId,
          kind,
          name: `${component}: ${sentence(rng, 3 + Math.floor(rng() * 4))}`,
          status,
          trigger,
          actor: pick(rng, ACTORS),
          project: pick(rng, PROJECTS),
          component: { type: kind, id: component, name: component.replace(/-/g, ' ') },
          prompt,
          summary,
          parentRemoteId:
            triggerType === 'agent' || triggerType === 'workflow' ? `agent-${hex(rng, 16)}` : null,
          createdAt: queuedAt,
          queuedAt,
          startedAt: notStarted ? null : startedAt,
          finishedAt: durationMs === null ? null : startedAt + durationMs,
          durationMs,
          tokens: hasTokens
            ? { input: inputTokens, output: outputTokens, total: inputTokens + outputTokens }
            : { input: null, output: null, total: null },
          costUsd,
          models: [model],
          services: Array.from({ length: serviceCount }, () => pick(rng, SERVICES)),
          errorCount,
          toolCallCount: activity.filter((a) => a.kind === 'tool-call').length,
          remoteUpdatedAt: startedAt + (durationMs ?? 0),
        },
        runs,
        activity,
        spans,
        raw,
      },
    };
  }
}
