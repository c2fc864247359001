import type {
  AgentInfo,
  Catalog,
  Json,
  JsonObject,
  Message,
  RawEvent,
  RawRun,
  RunStatus,
  SessionType,
  TeamInfo,
  ToolCall,
  ToolExecution,
  WorkflowInfo,
} from './types';

export const DEFAULT_DB_IDS: readonly string[] = [
  '9c884dc4-9066-448c-9074-ef49ec7eb73c',
  '5e1f0a2b-7d3c-4b8e-9f6a-1c2d3e4f5a6b',
];
/** 2025-09-01T00:00:00Z, epoch seconds. */
export const DEFAULT_START_AT = 1_756_684_800;
/** An event name no agno release emits: connectors must skip it. */
export const UNKNOWN_EVENT_NAME = 'RunCheckpointSaved';
export const SESSION_TABLE = 'agno_sessions';

export type Rng = {
  next(): number;
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  uuid(): string;
  token(length: number): string;
};

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** murmur3 finaliser over two words: independent streams per session / run from one seed. */
export function mixSeed(a: number, b: number): number {
  let h = (Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul((b + 0x632be5ab) | 0, 0xc2b2ae35)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function createRng(seed: number): Rng {
  const next = mulberry32(seed);
  const hex8 = (): string =>
    Math.floor(next() * 4_294_967_296)
      .toString(16)
      .padStart(8, '0');
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (probability) => next() < probability,
    pick<T>(items: readonly T[]): T {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
    uuid() {
      const h = hex8() + hex8() + hex8() + hex8();
      const variant = '89ab'.charAt(Math.floor(next() * 4));
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
    token(length) {
      let out = '';
      for (let i = 0; i < length; i++) out += ALPHANUMERIC.charAt(Math.floor(next() * ALPHANUMERIC.length));
      return out;
    },
  };
}

/** Python's `json.dumps` defaults (", " / ": " separators, ensure_ascii), as agno stringifies. */
export function pyJsonDumps(value: Json | undefined): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return asciiJson(value);
  if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => pyJsonDumps(item)).join(', ')}]`;
  const parts: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    if (item !== undefined) parts.push(`${asciiJson(key)}: ${pyJsonDumps(item)}`);
  }
  return `{${parts.join(', ')}}`;
}

/** JSON with every non-ASCII character escaped, like Python's `ensure_ascii=True`. */
export function asciiJson(value: Json | undefined): string {
  return (JSON.stringify(value) ?? 'null').replace(
    /[\u007f-\uffff]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export function isoSeconds(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// ---- catalog -------------------------------------------------------------------------------

const MODELS = {
  gpt4o: { id: 'gpt-4o', provider: 'OpenAI', name: 'OpenAIChat' },
  gpt4oMini: { id: 'gpt-4o-mini', provider: 'OpenAI', name: 'OpenAIChat' },
  gpt41: { id: 'gpt-4.1', provider: 'OpenAI', name: 'OpenAIChat' },
  claude: { id: 'claude-sonnet-4-5', provider: 'Anthropic', name: 'Claude' },
  gemini: { id: 'gemini-2.5-pro', provider: 'Google', name: 'Gemini' },
  deepseek: { id: 'deepseek-reasoner', provider: 'DeepSeek', name: 'DeepSeek' },
} as const;

type AgentSeed = Omit<AgentInfo, 'dbId'>;

const AGENT_SEEDS: readonly AgentSeed[] = [
  {
    id: 'basic-agent',
    name: 'Basic Agent',
    description: 'General assistant without tools.',
    model: MODELS.gpt4o,
    tools: [],
    storeEvents: false,
  },
  {
    id: 'weather-agent',
    name: 'Weather Agent',
    description: 'Answers weather questions with live data.',
    model: MODELS.gpt4oMini,
    tools: ['get_weather', 'get_forecast'],
    storeEvents: true,
  },
  {
    id: 'research-agent',
    name: 'Research Agent',
    description: 'Searches the web and summarises sources.',
    model: MODELS.claude,
    tools: ['web_search', 'fetch_url'],
    storeEvents: true,
  },
  {
    id: 'ops-agent',
    name: 'Ops Agent',
    description: 'Investigates incidents; restarts need human confirmation.',
    model: MODELS.gpt41,
    tools: ['get_logs', 'query_database', 'restart_service'],
    storeEvents: true,
  },
  {
    id: 'writer-agent',
    name: 'Writer Agent',
    description: 'Drafts and edits prose.',
    model: MODELS.gemini,
    tools: [],
    storeEvents: false,
  },
  {
    id: 'reasoning-agent',
    name: 'Reasoning Agent',
    description: 'Works through problems step by step.',
    model: MODELS.deepseek,
    tools: ['calculator'],
    storeEvents: true,
  },
];

const TEAM_SEEDS: readonly Omit<TeamInfo, 'dbId'>[] = [
  {
    id: 'research-team',
    name: 'Research Team',
    description: 'Researcher and writer produce briefs together.',
    model: MODELS.gpt4o,
    mode: 'coordinate',
    memberIds: ['research-agent', 'writer-agent'],
    storeEvents: true,
  },
  {
    id: 'ops-team',
    name: 'Ops Team',
    description: 'Routes incidents to the right responder.',
    model: MODELS.gpt41,
    mode: 'route',
    memberIds: ['ops-agent', 'basic-agent'],
    storeEvents: true,
  },
];

const WORKFLOW_SEEDS: readonly Omit<WorkflowInfo, 'dbId'>[] = [
  {
    id: 'blog-wf',
    name: 'Blog Workflow',
    description: 'Research, draft and review a blog post.',
    steps: [
      { name: 'research', executor: 'agent', executorId: 'research-agent' },
      { name: 'draft', executor: 'agent', executorId: 'writer-agent' },
      { name: 'review', executor: 'team', executorId: 'research-team' },
    ],
    storeEvents: true,
  },
  {
    id: 'incident-wf',
    name: 'Incident Workflow',
    description: 'Triage, approve and remediate an incident.',
    steps: [
      { name: 'triage', executor: 'agent', executorId: 'ops-agent' },
      { name: 'approve', executor: 'agent', executorId: 'basic-agent' },
      { name: 'remediate', executor: 'team', executorId: 'ops-team' },
    ],
    storeEvents: true,
  },
];

/** The AgentOS components; each lives in one db, assigned round-robin over `dbIds`. */
export function buildCatalog(dbIds: readonly string[] = DEFAULT_DB_IDS): Catalog {
  if (dbIds.length === 0) throw new Error('at least one db id is required');
  const db = (i: number): string => dbIds[i % dbIds.length] ?? '';
  return {
    osId: 'tracedeck-peer-os',
    name: 'Tracedeck AgentOS peer',
    description: 'Protocol-faithful AgentOS test peer',
    dbIds: [...dbIds],
    agents: AGENT_SEEDS.map((a, i) => ({ ...a, tools: [...a.tools], dbId: db(i) })),
    teams: TEAM_SEEDS.map((t, i) => ({ ...t, memberIds: [...t.memberIds], dbId: db(i + 1) })),
    workflows: WORKFLOW_SEEDS.map((w, i) => ({ ...w, steps: w.steps.map((s) => ({ ...s })), dbId: db(i) })),
  };
}

export function findAgent(catalog: Catalog, id: string): AgentInfo {
  const agent = catalog.agents.find((a) => a.id === id);
  if (!agent) throw new Error(`unknown agent ${id}`);
  return agent;
}

export function findTeam(catalog: Catalog, id: string): TeamInfo {
  const team = catalog.teams.find((t) => t.id === id);
  if (!team) throw new Error(`unknown team ${id}`);
  return team;
}

export function findWorkflow(catalog: Catalog, id: string): WorkflowInfo {
  const workflow = catalog.workflows.find((w) => w.id === id);
  if (!workflow) throw new Error(`unknown workflow ${id}`);
  return workflow;
}

// ---- scenarios and plans -------------------------------------------------------------------

export type RunVariant =
  | 'chat'
  | 'tools'
  | 'tool-retry'
  | 'reasoning'
  | 'hitl-paused'
  | 'hitl-continued'
  | 'running'
  | 'pending'
  | 'cancelled'
  | 'error'
  | 'regenerated'
  | 'memory'
  | 'big-result'
  | 'member'
  | 'member-paused'
  | 'member-running'
  | 'team'
  | 'team-paused'
  | 'team-running'
  | 'workflow'
  | 'workflow-paused'
  | 'workflow-running'
  | 'workflow-cancelled'
  | 'workflow-error';

type ScenarioSpec = {
  type: SessionType;
  components: readonly string[];
  body: readonly RunVariant[];
  tail: RunVariant;
  perRun: number;
  events: boolean;
  weight: number;
  /** Extra agent / team runs stored next to the workflow runs. */
  mixed?: boolean;
  regenerate?: boolean;
};

const SCENARIOS = {
  'agent-chat': {
    type: 'agent',
    components: ['basic-agent', 'writer-agent'],
    body: ['chat'],
    tail: 'chat',
    perRun: 5,
    events: false,
    weight: 22,
  },
  'agent-tools': {
    type: 'agent',
    components: ['weather-agent', 'research-agent'],
    body: ['tools', 'chat'],
    tail: 'tools',
    perRun: 9,
    events: true,
    weight: 18,
  },
  'agent-tool-retry': {
    type: 'agent',
    components: ['research-agent', 'weather-agent'],
    body: ['tools'],
    tail: 'tool-retry',
    perRun: 10,
    events: true,
    weight: 6,
  },
  'agent-reasoning': {
    type: 'agent',
    components: ['reasoning-agent'],
    body: ['reasoning'],
    tail: 'reasoning',
    perRun: 6,
    events: true,
    weight: 6,
  },
  'agent-hitl-paused': {
    type: 'agent',
    components: ['ops-agent'],
    body: ['tools'],
    tail: 'hitl-paused',
    perRun: 8,
    events: true,
    weight: 3,
  },
  'agent-hitl-continued': {
    type: 'agent',
    components: ['ops-agent'],
    body: ['tools'],
    tail: 'hitl-continued',
    perRun: 9,
    events: true,
    weight: 3,
  },
  'agent-running': {
    type: 'agent',
    components: ['research-agent', 'weather-agent'],
    body: ['tools', 'chat'],
    tail: 'running',
    perRun: 8,
    events: false,
    weight: 2,
  },
  'agent-pending': {
    type: 'agent',
    components: ['basic-agent'],
    body: ['chat'],
    tail: 'pending',
    perRun: 5,
    events: false,
    weight: 1,
  },
  'agent-cancelled': {
    type: 'agent',
    components: ['research-agent'],
    body: ['tools'],
    tail: 'cancelled',
    perRun: 8,
    events: true,
    weight: 3,
  },
  'agent-error': {
    type: 'agent',
    components: ['weather-agent', 'basic-agent'],
    body: ['chat', 'tools'],
    tail: 'error',
    perRun: 6,
    events: true,
    weight: 4,
  },
  'agent-regenerated': {
    type: 'agent',
    components: ['writer-agent'],
    body: ['chat'],
    tail: 'chat',
    perRun: 5,
    events: false,
    weight: 2,
    regenerate: true,
  },
  'agent-memory': {
    type: 'agent',
    components: ['basic-agent', 'writer-agent'],
    body: ['chat'],
    tail: 'memory',
    perRun: 5,
    events: true,
    weight: 5,
  },
  'agent-big-result': {
    type: 'agent',
    components: ['ops-agent'],
    body: [],
    tail: 'big-result',
    perRun: 8,
    events: false,
    weight: 0,
  },
  'team-coordinate': {
    type: 'team',
    components: ['research-team'],
    body: ['team'],
    tail: 'team',
    perRun: 14,
    events: true,
    weight: 8,
  },
  'team-paused': {
    type: 'team',
    components: ['ops-team'],
    body: ['team'],
    tail: 'team-paused',
    perRun: 12,
    events: true,
    weight: 1,
  },
  'team-running': {
    type: 'team',
    components: ['research-team', 'ops-team'],
    body: ['team'],
    tail: 'team-running',
    perRun: 12,
    events: false,
    weight: 1,
  },
  'workflow-completed': {
    type: 'workflow',
    components: ['blog-wf', 'incident-wf'],
    body: ['workflow'],
    tail: 'workflow',
    perRun: 10,
    events: true,
    weight: 8,
  },
  'workflow-paused': {
    type: 'workflow',
    components: ['incident-wf'],
    body: ['workflow'],
    tail: 'workflow-paused',
    perRun: 8,
    events: true,
    weight: 2,
  },
  'workflow-running': {
    type: 'workflow',
    components: ['blog-wf', 'incident-wf'],
    body: ['workflow'],
    tail: 'workflow-running',
    perRun: 8,
    events: false,
    weight: 1,
  },
  'workflow-cancelled': {
    type: 'workflow',
    components: ['blog-wf'],
    body: ['workflow'],
    tail: 'workflow-cancelled',
    perRun: 8,
    events: true,
    weight: 1,
  },
  'workflow-error': {
    type: 'workflow',
    components: ['incident-wf'],
    body: ['workflow'],
    tail: 'workflow-error',
    perRun: 8,
    events: true,
    weight: 1,
  },
  'workflow-mixed': {
    type: 'workflow',
    components: ['blog-wf'],
    body: ['workflow'],
    tail: 'workflow',
    perRun: 10,
    events: true,
    weight: 2,
    mixed: true,
  },
} as const satisfies Record<string, ScenarioSpec>;

export type ScenarioName = keyof typeof SCENARIOS;
export const SCENARIO_NAMES = Object.keys(SCENARIOS) as ScenarioName[];

const WEIGHTED: ScenarioName[] = SCENARIO_NAMES.flatMap((name) =>
  Array.from<ScenarioName>({ length: SCENARIOS[name].weight }).fill(name),
);

const VARIANT_STATUS: Record<RunVariant, RunStatus> = {
  chat: 'COMPLETED',
  tools: 'COMPLETED',
  'tool-retry': 'COMPLETED',
  reasoning: 'COMPLETED',
  'hitl-paused': 'PAUSED',
  'hitl-continued': 'COMPLETED',
  running: 'RUNNING',
  pending: 'PENDING',
  cancelled: 'CANCELLED',
  error: 'ERROR',
  regenerated: 'REGENERATED',
  memory: 'COMPLETED',
  'big-result': 'COMPLETED',
  member: 'COMPLETED',
  'member-paused': 'PAUSED',
  'member-running': 'RUNNING',
  team: 'COMPLETED',
  'team-paused': 'PAUSED',
  'team-running': 'RUNNING',
  workflow: 'COMPLETED',
  'workflow-paused': 'PAUSED',
  'workflow-running': 'RUNNING',
  'workflow-cancelled': 'CANCELLED',
  'workflow-error': 'ERROR',
};

export type RunPlan = {
  runId: string;
  seed: number;
  type: 'agent' | 'team' | 'workflow';
  variant: RunVariant;
  componentId: string;
  parentRunId: string | null;
  status: RunStatus;
  createdAt: number;
  durationS: number;
  budget: number;
  topic: string;
  input: string;
  inputTokens: number;
  outputTokens: number;
  /** The earlier top-level run whose exchange is replayed with `from_history: true`. */
  history: { input: string; answer: string } | null;
  regeneratedFrom: string | null;
  largeResultBytes: number;
  members: RunPlan[];
};

/** Everything needed to list a session and to expand its runs later, without the runs. */
export type GeneratedSession = {
  index: number;
  seed: number;
  scenario: ScenarioName;
  sessionId: string;
  dbId: string;
  sessionType: SessionType;
  componentId: string;
  userId: string | null;
  /** `session_data.session_name`; null means the API derives the name from the first run. */
  sessionName: string | null;
  sessionState: JsonObject;
  metadata: JsonObject | null;
  summary: JsonObject | null;
  metrics: JsonObject | null;
  totalTokens: number | null;
  createdAt: number;
  updatedAt: number;
  storeEvents: boolean;
  runs: RunPlan[];
};

export type LargeToolResult = { sessionIndex: number; bytes: number };

export type GeneratorOptions = {
  seed: number;
  sessions: number;
  /** Target number of messages per session (varies ±30 %). Default 20. */
  itemsPerSession?: number;
  dbIds?: readonly string[];
  /** Epoch seconds of the oldest session. Default 2025-09-01T00:00:00Z. */
  startAt?: number;
  spanDays?: number;
  /** Share of ordinary sessions whose runs carry stored events. Default 0.3. */
  eventsRatio?: number;
  /** e.g. `[{ sessionIndex: 3, bytes: 1_000_000 }, { sessionIndex: 7, bytes: 10_000_000 }]`. */
  largeToolResults?: readonly LargeToolResult[];
};

export type GeneratedDataset = { catalog: Catalog; sessions: GeneratedSession[] };

const USERS = ['user-123', 'alice@example.com', 'bob@example.com', 'carol', 'dev-7f3a'];

type TopicPool = { topics: readonly string[]; inputs: readonly string[] };

const TOPICS: Record<string, TopicPool> = {
  'basic-agent': {
    topics: ['TCP vs UDP', 'vector databases', 'OAuth 2.0 PKCE', 'the CAP theorem', 'HTTP/3', 'CRDTs'],
    inputs: [
      'Explain {t} in two sentences.',
      'What are the trade-offs of {t}?',
      'Give me a quick summary of {t}.',
    ],
  },
  'weather-agent': {
    topics: ['Paris', 'Tokyo', 'Berlin', 'São Paulo', 'Zürich', 'Nairobi', 'Toronto'],
    inputs: [
      "What's the weather in {t}?",
      'Will it rain in {t} tomorrow?',
      'Should I pack an umbrella for {t} this weekend?',
    ],
  },
  'research-agent': {
    topics: [
      'speculative decoding',
      'PostgreSQL 18',
      'WebGPU adoption',
      'Rust async runtimes',
      'SQLite FTS5 ranking',
    ],
    inputs: [
      'Find recent sources on {t}.',
      'What changed recently in {t}?',
      'Compile three references about {t}.',
    ],
  },
  'ops-agent': {
    topics: ['billing', 'search-indexer', 'auth-gateway', 'notifications', 'payments-worker'],
    inputs: [
      'The {t} service is returning 502s, please investigate.',
      'Check the error rate of {t} and restart it if needed.',
      'Why is {t} slow since the last deploy?',
    ],
  },
  'writer-agent': {
    topics: [
      'release notes for v2.3',
      'a blog intro about observability',
      'a changelog entry for the sync engine',
      'a product update email',
    ],
    inputs: ['Draft {t}.', 'Rewrite {t} in a friendlier tone.', 'Tighten {t} to under 120 words.'],
  },
  'reasoning-agent': {
    topics: [
      'A bat and a ball cost $1.10 in total. The bat costs $1.00 more than the ball. How much is the ball?',
      'How many weekdays are there between 2025-03-03 and 2025-04-18 inclusive?',
      'If 3 machines make 3 widgets in 3 minutes, how long do 100 machines need for 100 widgets?',
    ],
    inputs: ['{t}'],
  },
  'research-team': {
    topics: [
      'speculative decoding',
      'local-first sync',
      'LLM evaluation harnesses',
      'vector search at scale',
    ],
    inputs: ['Write a short brief on {t}.', 'Research {t} and summarise it for engineers.'],
  },
  'ops-team': {
    topics: ['billing', 'search-indexer', 'auth-gateway', 'payments-worker'],
    inputs: ['Handle the incident: {t} is degraded.', 'Page the right responder for {t} latency alerts.'],
  },
  'blog-wf': {
    topics: [
      'distributed tracing',
      'agent observability',
      'SQLite in desktop apps',
      'human-in-the-loop agents',
    ],
    inputs: ['Write a blog post about {t}.'],
  },
  'incident-wf': {
    topics: ['billing', 'auth-gateway', 'notifications', 'search-indexer'],
    inputs: ['Incident: {t} error rate above 5%.'],
  },
};

function topicPool(componentId: string): TopicPool {
  return TOPICS[componentId] ?? { topics: ['the request'], inputs: ['Help me with {t}.'] };
}

/**
 * Deterministic sessions for `seed`: the first `SCENARIO_NAMES.length` indexes cover every
 * scenario once, later ones are drawn with realistic weights. Runs are expanded on demand with
 * `expandRuns`, so 10,000 sessions plan in milliseconds.
 */
export function generateDataset(options: GeneratorOptions): GeneratedDataset {
  const catalog = buildCatalog(options.dbIds ?? DEFAULT_DB_IDS);
  const sessions: GeneratedSession[] = [];
  for (let i = 0; i < options.sessions; i++) sessions.push(planSession(i, options, catalog));
  return { catalog, sessions };
}

function planSession(index: number, options: GeneratorOptions, catalog: Catalog): GeneratedSession {
  const seed = mixSeed(options.seed >>> 0, index);
  const rng = createRng(seed);
  const large = options.largeToolResults?.find((l) => l.sessionIndex === index);
  const scenario: ScenarioName = large
    ? 'agent-big-result'
    : index < SCENARIO_NAMES.length
      ? (SCENARIO_NAMES[index] ?? 'agent-chat')
      : rng.pick(WEIGHTED);
  const spec: ScenarioSpec = SCENARIOS[scenario];
  const componentId = rng.pick(spec.components);
  const dbId = componentDbId(catalog, spec.type, componentId);
  const sessionId = rng.uuid();
  const userId = rng.chance(0.1) ? null : rng.pick(USERS);
  const storeEvents =
    scenario === 'agent-big-result'
      ? false
      : index < SCENARIO_NAMES.length
        ? spec.events
        : spec.events && rng.chance(Math.min(1, (options.eventsRatio ?? 0.3) * 2));
  const startAt = options.startAt ?? DEFAULT_START_AT;
  const spanS = (options.spanDays ?? 60) * 86_400;
  const createdAt = startAt + Math.floor(rng.next() * spanS);
  const items = options.itemsPerSession ?? 20;
  const target = Math.max(3, Math.round(items * (0.7 + 0.6 * rng.next())));
  const runCount = Math.max(1, Math.round(target / spec.perRun));
  const budget = Math.max(3, Math.round(target / runCount));

  const variants: RunVariant[] = [];
  for (let i = 0; i < runCount - 1; i++) {
    const body = spec.body.length > 0 ? rng.pick(spec.body) : spec.tail;
    variants.push(body);
  }
  variants.push(spec.tail);

  const runs: RunPlan[] = [];
  let t = createdAt + rng.int(0, 3);
  const useHistory = spec.type !== 'workflow' && rng.chance(0.5);
  let previous: RunPlan | null = null;
  for (let i = 0; i < variants.length; i++) {
    const variant = variants[i] ?? 'chat';
    if (spec.regenerate === true && i === variants.length - 1) {
      const original = planRun(
        rng,
        spec.type,
        'regenerated',
        componentId,
        t,
        budget,
        previous,
        useHistory,
        catalog,
        dbId,
      );
      runs.push(original);
      t = original.createdAt + original.durationS + rng.int(20, 600);
      const again = planRun(
        rng,
        spec.type,
        variant,
        componentId,
        t,
        budget,
        previous,
        useHistory,
        catalog,
        dbId,
      );
      again.regeneratedFrom = original.runId;
      again.input = original.input;
      again.topic = original.topic;
      runs.push(again);
      previous = again;
    } else {
      const plan = planRun(
        rng,
        spec.type,
        variant,
        componentId,
        t,
        budget,
        previous,
        useHistory,
        catalog,
        dbId,
      );
      if (large && i === variants.length - 1) plan.largeResultBytes = large.bytes;
      runs.push(plan);
      previous = plan;
    }
    const last = runs[runs.length - 1];
    if (last) t = last.createdAt + last.durationS + gapSeconds(rng);
  }
  if (spec.mixed === true) {
    // Workflows whose steps persist their executor runs: a team run and a bare agent run.
    const team = planRun(rng, 'team', 'team', 'research-team', t, budget, null, false, catalog, dbId);
    runs.push(team);
    t = team.createdAt + team.durationS + gapSeconds(rng);
    runs.push(planRun(rng, 'agent', 'chat', 'writer-agent', t, 4, null, false, catalog, dbId));
  }

  const lastRun = runs[runs.length - 1];
  const updatedAt = lastRun ? lastRun.createdAt + lastRun.durationS : createdAt;
  const topLevel = runs.filter((r) => r.type === spec.type && r.parentRunId === null);
  const inputTokens = topLevel.reduce((sum, r) => sum + r.inputTokens, 0);
  const outputTokens = topLevel.reduce((sum, r) => sum + r.outputTokens, 0);
  const hasMetrics = spec.type !== 'workflow';
  const firstInput = runs[0]?.input ?? '';

  const renamed = rng.chance(0.15);
  return {
    index,
    seed,
    scenario,
    sessionId,
    dbId,
    sessionType: spec.type,
    componentId,
    userId,
    sessionName: renamed
      ? `${capitalise(runs[0]?.topic ?? 'Session')} (${rng.pick(['follow-up', 'draft', 'triage', 'notes'])})`
      : null,
    sessionState: sessionStateFor(rng, spec.type),
    metadata: rng.chance(0.4)
      ? { tags: [rng.pick(['demo', 'prod', 'eval', 'support'])], channel: rng.pick(['web', 'slack', 'api']) }
      : null,
    summary: rng.chance(0.3)
      ? {
          summary: `User asked: ${truncate(firstInput, 60)}`,
          topics: [runs[0]?.topic ?? 'general'],
          updated_at: naiveIsoMicros(updatedAt, rng.int(0, 999_999)),
        }
      : null,
    metrics: hasMetrics
      ? compactMetrics({
          input_tokens: inputTokens,
          output_tokens: outputTokens,
          total_tokens: inputTokens + outputTokens,
        })
      : null,
    totalTokens: hasMetrics ? inputTokens + outputTokens : null,
    createdAt,
    updatedAt,
    storeEvents,
    runs,
  };
}

function componentDbId(catalog: Catalog, type: SessionType, id: string): string {
  if (type === 'agent') return findAgent(catalog, id).dbId;
  if (type === 'team') return findTeam(catalog, id).dbId;
  return findWorkflow(catalog, id).dbId;
}

function gapSeconds(rng: Rng): number {
  // Mostly minutes apart, sometimes days: incremental sync sees a realistic spread.
  return rng.chance(0.2) ? rng.int(3_600, 4 * 86_400) : rng.int(15, 1_800);
}

function planRun(
  rng: Rng,
  type: 'agent' | 'team' | 'workflow',
  variant: RunVariant,
  componentId: string,
  createdAt: number,
  budget: number,
  previous: RunPlan | null,
  useHistory: boolean,
  catalog: Catalog,
  dbId: string,
): RunPlan {
  const pool = topicPool(componentId);
  const topic = rng.pick(pool.topics);
  const input = rng.pick(pool.inputs).replace('{t}', topic);
  const status = VARIANT_STATUS[variant];
  const seed = Math.floor(rng.next() * 4_294_967_296);
  const started = status !== 'PENDING';
  const inputTokens = started ? rng.int(120, 900) * Math.max(1, Math.round(budget / 3)) : 0;
  const outputTokens = started ? rng.int(20, 400) : 0;
  const plan: RunPlan = {
    runId: rng.uuid(),
    seed,
    type,
    variant,
    componentId,
    parentRunId: null,
    status,
    createdAt,
    durationS: started ? Math.max(2, Math.round(budget * (0.8 + rng.next() * 1.5))) : 0,
    budget,
    topic,
    input,
    inputTokens,
    outputTokens,
    history: useHistory && previous ? { input: previous.input, answer: finalAnswer(previous) } : null,
    regeneratedFrom: null,
    largeResultBytes: 0,
    members: [],
  };
  if (type === 'team') {
    const team = findTeam(catalog, componentId);
    const memberVariant: RunVariant =
      variant === 'team-paused' ? 'member-paused' : variant === 'team-running' ? 'member-running' : 'member';
    const memberIds =
      variant === 'team-paused'
        ? ['ops-agent']
        : team.mode === 'route'
          ? [team.memberIds[0] ?? '']
          : team.memberIds;
    let t = createdAt + 2;
    memberIds.forEach((memberId, i) => {
      const last = i === memberIds.length - 1;
      const member = planRun(
        rng,
        'agent',
        last ? memberVariant : 'member',
        memberId,
        t,
        Math.max(3, Math.round(budget / 3)),
        null,
        false,
        catalog,
        dbId,
      );
      member.parentRunId = plan.runId;
      member.input = `${topic}: ${member.input}`;
      plan.members.push(member);
      t += member.durationS + 1;
    });
    plan.durationS = Math.max(plan.durationS, t - createdAt + 2);
  }
  return plan;
}

function sessionStateFor(rng: Rng, type: SessionType): JsonObject {
  if (rng.chance(0.6)) return {};
  if (type === 'workflow')
    return { last_step: rng.pick(['research', 'draft', 'triage']), retries: rng.int(0, 2) };
  return { preferred_units: rng.pick(['metric', 'imperial']), turn_count: rng.int(1, 12) };
}

// ---- expansion -----------------------------------------------------------------------------

type Builder = {
  rng: Rng;
  t: number;
  end: number;
  sessionId: string;
  runId: string;
  messages: Message[];
  tools: ToolExecution[];
  events: RawEvent[] | null;
  eventBase: JsonObject;
  assistantTurns: { message: Message; event: RawEvent | null }[];
};

/** The stored `session.runs` of a generated session, oldest first, team member runs first. */
export function expandRuns(session: GeneratedSession, catalog: Catalog): RawRun[] {
  const out: RawRun[] = [];
  for (const plan of session.runs) {
    if (plan.type === 'agent') out.push(expandAgentRun(plan, session, catalog, null));
    else if (plan.type === 'team') out.push(...expandTeamRun(plan, session, catalog));
    else out.push(expandWorkflowRun(plan, session, catalog));
  }
  return out;
}

function newBuilder(
  plan: RunPlan,
  session: GeneratedSession,
  eventBase: JsonObject,
  storeEvents: boolean,
): Builder {
  return {
    rng: createRng(plan.seed),
    t: plan.createdAt,
    end: plan.createdAt + Math.max(plan.durationS, 1),
    sessionId: session.sessionId,
    runId: plan.runId,
    messages: [],
    tools: [],
    events: storeEvents ? [] : null,
    eventBase,
    assistantTurns: [],
  };
}

function tick(b: Builder, max = 2): number {
  b.t = Math.min(b.t + b.rng.int(0, max), b.end);
  return b.t;
}

function emit(b: Builder, event: string, extra: JsonObject = {}): RawEvent | null {
  if (!b.events) return null;
  const e: RawEvent = { created_at: b.t, event, ...b.eventBase, ...extra };
  b.events.push(e);
  return e;
}

function message(
  b: Builder,
  role: Message['role'],
  content: string | undefined,
  extra: Partial<Message> = {},
): Message {
  const m: Message = {
    id: b.rng.uuid(),
    role,
    ...(content !== undefined ? { content } : {}),
    from_history: false,
    stop_after_tool_call: false,
    ...extra,
    created_at: b.t,
  };
  b.messages.push(m);
  return m;
}

function assistant(
  b: Builder,
  model: { id: string; provider: string },
  content: string | undefined,
  extra: Partial<Message> = {},
): Message {
  if (b.events) emit(b, 'ModelRequestStarted', { model: model.id, model_provider: model.provider });
  tick(b, 3);
  const m = message(b, 'assistant', content, extra);
  const completed = b.events
    ? emit(b, 'ModelRequestCompleted', { model: model.id, model_provider: model.provider })
    : null;
  b.assistantTurns.push({ message: m, event: completed });
  return m;
}

export function toolExecution(
  partial: Pick<ToolExecution, 'tool_call_id' | 'tool_name' | 'tool_args' | 'created_at'> &
    Partial<ToolExecution>,
): ToolExecution {
  const { tool_call_id, tool_name, tool_args, created_at, ...rest } = partial;
  return {
    tool_call_id,
    tool_name,
    tool_args,
    tool_call_error: null,
    result: null,
    metrics: null,
    child_run_id: null,
    stop_after_tool_call: false,
    created_at,
    requires_confirmation: null,
    confirmed: null,
    confirmation_note: null,
    requires_user_input: null,
    user_input_schema: null,
    user_feedback_schema: null,
    answered: null,
    external_execution_required: null,
    external_execution_silent: null,
    approval_type: null,
    approval_id: null,
    ...rest,
  };
}

type ToolSpec = { args(rng: Rng, topic: string): JsonObject; result(rng: Rng, args: JsonObject): string };

const CONDITIONS = ['sunny', 'cloudy', 'light rain', 'overcast', 'clear'];

const TOOL_SPECS: Record<string, ToolSpec> = {
  get_weather: {
    args: (_rng, topic) => ({ city: topic }),
    result: (rng) => `${rng.int(-3, 31)}°C ${rng.pick(CONDITIONS)}`,
  },
  get_forecast: {
    args: (rng, topic) => ({ city: topic, days: rng.int(2, 5) }),
    result: (rng, args) =>
      JSON.stringify(
        Array.from({ length: Number(args.days ?? 3) }, (_, i) => ({
          day: i + 1,
          high: rng.int(5, 30),
          rain_probability: rng.int(0, 100) / 100,
        })),
      ),
  },
  web_search: {
    args: (rng, topic) => ({ query: topic, max_results: rng.pick([3, 5, 10]) }),
    result: (rng, args) =>
      JSON.stringify(
        Array.from({ length: Math.min(3, Number(args.max_results ?? 3)) }, (_, i) => ({
          title: `${String(args.query)} — source ${i + 1}`,
          url: `https://example.org/${rng.token(8)}`,
          snippet: `Notes on ${String(args.query)} (${2024 + (i % 2)}).`,
        })),
      ),
  },
  fetch_url: {
    args: (rng) => ({ url: `https://example.org/${rng.token(10)}` }),
    result: (rng) =>
      `<html><title>Article ${rng.token(4)}</title><body>${'Lorem ipsum dolor sit amet. '.repeat(rng.int(3, 12))}</body></html>`,
  },
  get_logs: {
    args: (rng, topic) => ({ service: topic, since: `${rng.int(5, 60)}m` }),
    result: (rng, args) =>
      Array.from(
        { length: rng.int(3, 6) },
        (_, i) => `2025-09-0${1 + (i % 9)}T12:0${i}:00Z ERROR ${String(args.service)} upstream timeout (502)`,
      ).join('\n'),
  },
  query_database: {
    args: (_rng, topic) => ({
      sql: `SELECT * FROM requests WHERE service = '${topic}' ORDER BY ts DESC LIMIT 50`,
    }),
    result: (rng) =>
      JSON.stringify(
        Array.from({ length: 5 }, (_, i) => ({
          id: i + 1,
          status: rng.pick([200, 502, 504]),
          latency_ms: rng.int(20, 3000),
        })),
      ),
  },
  restart_service: {
    args: (rng, topic) => ({ service: topic, environment: rng.pick(['production', 'staging']) }),
    result: (_rng, args) => `Service ${String(args.service)} restarted; health checks passing.`,
  },
  calculator: {
    args: (rng) => ({ expression: `${rng.int(2, 99)} * ${rng.int(2, 99)}` }),
    result: (rng) => String(rng.int(4, 9801)),
  },
};

const TOOL_ERRORS = [
  'Error: upstream search API timed out after 10s (ReadTimeout)',
  'Error: HTTP 503 Service Unavailable',
  'Error: rate limited by provider, retry after 2s',
];

function callTool(
  b: Builder,
  model: { id: string; provider: string },
  name: string,
  topic: string,
  options: { fail?: boolean; result?: string; args?: JsonObject } = {},
): { call: ToolCall; execution: ToolExecution } {
  const spec = TOOL_SPECS[name] ?? { args: () => ({}), result: () => 'ok' };
  const args = options.args ?? spec.args(b.rng, topic);
  const call: ToolCall = {
    id: `call_${b.rng.token(24)}`,
    type: 'function',
    function: { name, arguments: pyJsonDumps(args) },
  };
  assistant(b, model, undefined, { tool_calls: [call] });
  const execution = toolExecution({
    tool_call_id: call.id,
    tool_name: name,
    tool_args: args,
    created_at: b.t,
  });
  emit(b, 'ToolCallStarted', { tool: { ...execution } });
  const start = b.t + b.rng.next();
  tick(b, 2);
  const failed = options.fail === true;
  const result = failed ? b.rng.pick(TOOL_ERRORS) : (options.result ?? spec.result(b.rng, args));
  execution.tool_call_error = failed;
  execution.result = result;
  const end = Math.max(start + 0.05, b.t + b.rng.next());
  execution.metrics = { start_time: round3(start), end_time: round3(end), duration: round3(end - start) };
  message(b, 'tool', result, {
    tool_call_id: call.id,
    tool_name: name,
    tool_args: args,
    tool_call_error: failed,
  });
  if (failed) emit(b, 'ToolCallError', { tool: { ...execution }, error: result });
  else emit(b, 'ToolCallCompleted', { tool: { ...execution }, content: result });
  b.tools.push(execution);
  return { call, execution };
}

function finalAnswer(plan: RunPlan): string {
  const rng = createRng(mixSeed(plan.seed, 7));
  const t = plan.topic;
  switch (plan.componentId) {
    case 'weather-agent':
      return `It is ${rng.int(-3, 31)}°C and ${rng.pick(CONDITIONS)} in ${t}.`;
    case 'research-agent':
      return `Here are the key findings on ${t}: ${rng.int(2, 5)} recent sources agree on the main trend; see the references above.`;
    case 'ops-agent':
      return `The ${t} service was failing health checks after the last deploy; ${rng.pick(['it recovered after a restart', 'rolling back fixed it', 'the upstream timeout was raised'])}.`;
    case 'writer-agent':
      return `Here is ${t}:\n\n${rng.pick(['We shipped faster sync and a calmer UI.', 'Observability starts with knowing what your agents did.', 'This release focuses on reliability.'])}`;
    case 'reasoning-agent':
      return rng.pick([
        'The ball costs $0.05.',
        'There are 35 weekdays in that range.',
        'It takes 3 minutes.',
      ]);
    default:
      return `In short, ${t} ${rng.pick(['trades latency for consistency', 'is mostly about choosing the right defaults', 'works well for this use case'])}.`;
  }
}

const SYSTEM_PROMPTS: Record<string, string> = {
  'basic-agent': 'You are a helpful agent.',
  'weather-agent': 'You answer weather questions. Always use the weather tools.',
  'research-agent': 'You research topics on the web and cite sources.',
  'ops-agent': 'You are an on-call assistant. Restarts require human confirmation.',
  'writer-agent': 'You write concise, friendly prose.',
  'reasoning-agent': 'Think step by step before answering.',
};

function agentEventBase(
  agent: AgentInfo,
  plan: RunPlan,
  sessionId: string,
  extra: JsonObject = {},
): JsonObject {
  const base: JsonObject = { agent_id: agent.id, agent_name: agent.name, run_id: plan.runId };
  if (plan.parentRunId) base.parent_run_id = plan.parentRunId;
  base.session_id = sessionId;
  return { ...base, ...extra, nested_depth: extra.nested_depth ?? 0 };
}

function expandAgentRun(
  plan: RunPlan,
  session: GeneratedSession,
  catalog: Catalog,
  workflow: {
    workflowId: string;
    workflowRunId: string;
    stepId: string;
    stepName: string;
    stepIndex: number;
  } | null,
): RawRun {
  const agent = findAgent(catalog, plan.componentId);
  const model = agent.model;
  const workflowFields: JsonObject = workflow
    ? {
        workflow_id: workflow.workflowId,
        workflow_run_id: workflow.workflowRunId,
        step_id: workflow.stepId,
        step_name: workflow.stepName,
        step_index: workflow.stepIndex,
        nested_depth: 1,
      }
    : {};
  const b = newBuilder(
    plan,
    session,
    agentEventBase(agent, plan, session.sessionId, workflowFields),
    session.storeEvents,
  );
  const run: RawRun = {
    run_id: plan.runId,
    agent_id: agent.id,
    agent_name: agent.name,
    session_id: session.sessionId,
    ...(plan.parentRunId ? { parent_run_id: plan.parentRunId } : {}),
    ...(workflow ? { workflow_id: workflow.workflowId, workflow_step_id: workflow.stepId } : {}),
    ...(session.userId !== null ? { user_id: session.userId } : {}),
    input: { input_content: plan.input },
    model: model.id,
    model_provider: model.provider,
    created_at: plan.createdAt,
    status: plan.status,
  };
  if (plan.regeneratedFrom) run.regenerated_from = plan.regeneratedFrom;
  if (plan.variant === 'pending') return run;

  emit(b, 'RunStarted', { model: model.id, model_provider: model.provider });
  message(b, 'system', SYSTEM_PROMPTS[agent.id] ?? 'You are a helpful agent.');
  if (plan.history) {
    message(b, 'user', plan.history.input, { from_history: true });
    message(b, 'assistant', plan.history.answer, { from_history: true });
  }
  message(b, 'user', plan.input);
  const remaining = (): number => plan.budget - b.messages.length;
  const toolNames = agent.tools.filter((t) => t !== 'restart_service');
  const toolRounds = (reserve: number): void => {
    while (toolNames.length > 0 && remaining() - reserve >= 3)
      callTool(b, model, b.rng.pick(toolNames), plan.topic);
  };
  let content: string | undefined = finalAnswer(plan);
  const contentType = 'str';

  switch (plan.variant) {
    case 'chat':
    case 'member':
    case 'regenerated':
      toolRounds(1);
      assistant(b, model, content);
      break;
    case 'memory':
      assistant(b, model, content);
      emit(b, 'MemoryUpdateStarted');
      tick(b);
      emit(b, 'MemoryUpdateCompleted', {
        memories: [
          {
            memory_id: b.rng.uuid(),
            memory: `User is interested in ${plan.topic}`,
            topics: [plan.topic],
            updated_at: b.t,
          },
        ],
      });
      emit(b, UNKNOWN_EVENT_NAME, { checkpoint_index: b.messages.length, storage: 'sqlite' });
      emit(b, 'SessionSummaryStarted');
      emit(b, 'SessionSummaryCompleted', {
        session_summary: { summary: `Discussed ${plan.topic}.`, topics: [plan.topic] },
      });
      break;
    case 'tools':
      callTool(b, model, toolNames.length > 0 ? b.rng.pick(toolNames) : 'calculator', plan.topic);
      toolRounds(1);
      assistant(b, model, content);
      break;
    case 'tool-retry': {
      const name = toolNames[0] ?? 'web_search';
      const args = (TOOL_SPECS[name] ?? TOOL_SPECS.web_search)?.args(b.rng, plan.topic) ?? {};
      callTool(b, model, name, plan.topic, { fail: true, args });
      callTool(b, model, name, plan.topic, { args });
      toolRounds(1);
      assistant(b, model, content);
      break;
    }
    case 'big-result': {
      const rows = bigRows(plan.largeResultBytes || 1_000_000);
      callTool(b, model, 'query_database', plan.topic, { result: rows });
      assistant(b, model, content);
      break;
    }
    case 'reasoning': {
      emit(b, 'ReasoningStarted');
      const steps = Array.from({ length: b.rng.int(2, 4) }, (_, i): JsonObject => ({
        title:
          ['Restate the problem', 'Set up the equation', 'Check the answer', 'Consider edge cases'][i] ??
          'Step',
        action: 'analyse',
        result: i === 0 ? plan.input : `Intermediate result ${i}`,
        reasoning: `Step ${i + 1}: careful reasoning about ${truncate(plan.topic, 40)}.`,
        next_action: 'continue',
        confidence: round3(0.6 + b.rng.next() * 0.4),
      }));
      const last = steps[steps.length - 1];
      if (last) last.next_action = 'final_answer';
      for (const step of steps) {
        tick(b);
        emit(b, 'ReasoningStep', {
          content: step,
          content_type: 'ReasoningStep',
          reasoning_content: String(step.reasoning),
        });
      }
      emit(b, 'ReasoningCompleted', { content: { reasoning_steps: steps }, content_type: 'ReasoningSteps' });
      const reasoning = steps.map((s) => String(s.reasoning)).join('\n');
      run.reasoning_content = reasoning;
      run.reasoning_steps = steps;
      if (remaining() >= 4) callTool(b, model, 'calculator', plan.topic);
      assistant(b, model, content, { reasoning_content: reasoning });
      break;
    }
    case 'hitl-paused':
    case 'hitl-continued':
    case 'member-paused': {
      toolRounds(2);
      const args = TOOL_SPECS.restart_service?.args(b.rng, plan.topic) ?? {};
      const call: ToolCall = {
        id: `call_${b.rng.token(24)}`,
        type: 'function',
        function: { name: 'restart_service', arguments: pyJsonDumps(args) },
      };
      assistant(b, model, undefined, { tool_calls: [call] });
      const execution = toolExecution({
        tool_call_id: call.id,
        tool_name: 'restart_service',
        tool_args: args,
        created_at: b.t,
        requires_confirmation: true,
      });
      b.tools.push(execution);
      const requirement = runRequirement(
        b,
        execution,
        plan.parentRunId ? { agent, runId: plan.runId } : null,
      );
      emit(b, 'RunPaused', { tools: [{ ...execution }], requirements: [requirement] });
      if (plan.variant !== 'hitl-continued') {
        run.requirements = [requirement];
        content = 'I have tools to execute, but they need confirmation.';
        break;
      }
      tick(b, 30);
      execution.confirmed = true;
      emit(b, 'RunContinued');
      emit(b, 'ToolCallStarted', { tool: { ...execution } });
      tick(b);
      execution.result = TOOL_SPECS.restart_service?.result(b.rng, args) ?? 'ok';
      execution.metrics = { start_time: b.t - 1, end_time: b.t, duration: 1 };
      message(b, 'tool', execution.result, {
        tool_call_id: call.id,
        tool_name: 'restart_service',
        tool_args: args,
        tool_call_error: false,
      });
      emit(b, 'ToolCallCompleted', { tool: { ...execution }, content: execution.result });
      assistant(b, model, content);
      break;
    }
    case 'running':
    case 'member-running':
    case 'cancelled': {
      toolRounds(3);
      const name = toolNames.length > 0 ? b.rng.pick(toolNames) : 'calculator';
      const args = TOOL_SPECS[name]?.args(b.rng, plan.topic) ?? {};
      const call: ToolCall = {
        id: `call_${b.rng.token(24)}`,
        type: 'function',
        function: { name, arguments: pyJsonDumps(args) },
      };
      assistant(b, model, undefined, { tool_calls: [call] });
      const execution = toolExecution({
        tool_call_id: call.id,
        tool_name: name,
        tool_args: args,
        created_at: b.t,
      });
      b.tools.push(execution);
      emit(b, 'ToolCallStarted', { tool: { ...execution } });
      content = undefined;
      if (plan.variant === 'cancelled') {
        tick(b, 5);
        content = `Run ${plan.runId} was cancelled`;
        emit(b, 'RunCancelled', { reason: 'Run cancelled by user', content });
      }
      break;
    }
    case 'error': {
      toolRounds(2);
      tick(b, 5);
      content = `Error code: 429 - {'error': {'message': 'Rate limit reached for ${model.id} on tokens per min (TPM)', 'type': 'tokens', 'code': 'rate_limit_exceeded'}}`;
      emit(b, 'RunError', {
        content,
        error_type: 'ModelProviderError',
        error_id: 'rate_limit_exceeded',
        additional_data: { status_code: 429 },
      });
      break;
    }
    default:
      assistant(b, model, content);
  }

  assignTokens(b, plan);
  const metrics = runMetrics(b, plan, model);
  if (content !== undefined) {
    run.content = content;
    run.content_type = contentType;
  }
  if (plan.status === 'COMPLETED' || plan.status === 'REGENERATED') {
    emit(b, 'RunCompleted', { content: content ?? null, content_type: contentType, metrics });
  }
  run.messages = b.messages;
  if (b.tools.length > 0) run.tools = b.tools;
  if (Object.keys(metrics).length > 0) run.metrics = metrics;
  if (b.events) run.events = b.events;
  return run;
}

function runRequirement(
  b: Builder,
  execution: ToolExecution,
  member: { agent: AgentInfo; runId: string } | null,
): JsonObject {
  const requirement: JsonObject = {
    id: b.rng.uuid(),
    created_at: new Date(b.t * 1000).toISOString().slice(0, 19) + '+00:00',
    tool_execution: { ...execution },
  };
  if (member) {
    requirement.member_agent_id = member.agent.id;
    requirement.member_agent_name = member.agent.name;
    requirement.member_run_id = member.runId;
  }
  return requirement;
}

function assignTokens(b: Builder, plan: RunPlan): void {
  const turns = b.assistantTurns;
  if (turns.length === 0) return;
  let inLeft = plan.inputTokens;
  let outLeft = plan.outputTokens;
  turns.forEach((turn, i) => {
    const last = i === turns.length - 1;
    const input = last ? inLeft : Math.floor(plan.inputTokens / turns.length);
    const output = last ? outLeft : Math.max(1, Math.floor(plan.outputTokens / (turns.length * 2)));
    inLeft -= input;
    outLeft -= output;
    const metrics = compactMetrics({
      input_tokens: input,
      output_tokens: output,
      total_tokens: input + output,
      time_to_first_token: round3(0.2 + b.rng.next()),
      duration: round3(0.5 + b.rng.next() * 3),
    });
    turn.message.metrics = metrics;
    if (turn.event)
      Object.assign(turn.event, {
        input_tokens: input,
        output_tokens: output,
        total_tokens: input + output,
        time_to_first_token: metrics.time_to_first_token,
      });
  });
}

function runMetrics(b: Builder, plan: RunPlan, model: { id: string; provider: string }): JsonObject {
  if (b.assistantTurns.length === 0) return {};
  const input = b.assistantTurns.reduce((s, t) => s + Number(t.message.metrics?.input_tokens ?? 0), 0);
  const output = b.assistantTurns.reduce((s, t) => s + Number(t.message.metrics?.output_tokens ?? 0), 0);
  return compactMetrics({
    input_tokens: input,
    output_tokens: output,
    total_tokens: input + output,
    reasoning_tokens: plan.variant === 'reasoning' ? Math.floor(output / 2) : 0,
    cache_read_tokens: b.rng.chance(0.3) ? Math.floor(input / 3) : 0,
    cost: b.rng.chance(0.5) ? round6((input * 2.5 + output * 10) / 1_000_000) : null,
    time_to_first_token: b.assistantTurns[0]?.message.metrics?.time_to_first_token ?? null,
    // A run lasts at least as long as its model calls together.
    duration: round3(
      Math.max(
        0.5,
        b.t - plan.createdAt + b.rng.next(),
        b.assistantTurns.reduce((s, t) => s + Number(t.message.metrics?.duration ?? 0), 0),
      ),
    ),
    details: {
      model: [
        {
          id: model.id,
          provider: model.provider,
          input_tokens: input,
          output_tokens: output,
          total_tokens: input + output,
        },
      ],
    },
  });
}

/** agno drops zero-valued ints and nulls from metrics: a missing key means 0. */
export function compactMetrics(metrics: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(metrics)) {
    if (value === null || value === undefined || value === 0) continue;
    out[key] = value;
  }
  return out;
}

function expandTeamRun(plan: RunPlan, session: GeneratedSession, catalog: Catalog): RawRun[] {
  const team = findTeam(catalog, plan.componentId);
  const model = team.model;
  const b = newBuilder(
    plan,
    session,
    {
      team_id: team.id,
      team_name: team.name,
      run_id: plan.runId,
      session_id: session.sessionId,
      nested_depth: 0,
    },
    session.storeEvents,
  );
  const members = plan.members.map((m) => expandAgentRun(m, session, catalog, null));
  emit(b, 'TeamRunStarted', { model: model.id, model_provider: model.provider });
  message(b, 'system', `You lead the ${team.name}. Delegate to members when useful.`);
  if (plan.history) {
    message(b, 'user', plan.history.input, { from_history: true });
    message(b, 'assistant', plan.history.answer, { from_history: true });
  }
  message(b, 'user', plan.input);
  let content: string | undefined = finalAnswer(plan);
  let requirements: JsonObject[] | undefined;
  for (const member of members) {
    const memberInfo = findAgent(catalog, member.agent_id ?? '');
    const args: JsonObject = {
      member_id: memberInfo.id,
      task: String((member.input as JsonObject | undefined)?.input_content ?? plan.input),
    };
    const call: ToolCall = {
      id: `call_${b.rng.token(24)}`,
      type: 'function',
      function: { name: 'delegate_task_to_member', arguments: pyJsonDumps(args) },
    };
    assistant(b, model, undefined, { tool_calls: [call] });
    const execution = toolExecution({
      tool_call_id: call.id,
      tool_name: 'delegate_task_to_member',
      tool_args: args,
      created_at: b.t,
      child_run_id: member.run_id,
    });
    b.tools.push(execution);
    emit(b, 'TeamToolCallStarted', { tool: { ...execution } });
    // Team streams relay the member's own events, unprefixed.
    for (const e of member.events ?? []) if (b.events) b.events.push({ ...e });
    b.t = Math.min(Math.max(b.t, member.created_at + 1), b.end);
    if (member.status === 'PAUSED') {
      requirements = member.requirements;
      content = 'I have tools to execute, but they need confirmation.';
      emit(b, 'TeamRunPaused', {
        tools: (member.tools ?? []).filter((t) => t.requires_confirmation === true).map((t) => ({ ...t })),
        requirements: requirements ?? [],
      });
      break;
    }
    if (member.status === 'RUNNING') {
      content = undefined;
      break;
    }
    execution.result = typeof member.content === 'string' ? member.content : '';
    execution.metrics = {
      start_time: member.created_at,
      end_time: b.t,
      duration: Math.max(1, b.t - member.created_at),
    };
    message(b, 'tool', execution.result, {
      tool_call_id: call.id,
      tool_name: 'delegate_task_to_member',
      tool_args: args,
      tool_call_error: false,
    });
    emit(b, 'TeamToolCallCompleted', { tool: { ...execution }, content: execution.result });
  }
  if (plan.status === 'COMPLETED') assistant(b, model, content);
  assignTokens(b, plan);
  const metrics = runMetrics(b, plan, model);
  if (plan.status === 'COMPLETED')
    emit(b, 'TeamRunCompleted', { content: content ?? null, content_type: 'str', metrics });
  const run: RawRun = {
    run_id: plan.runId,
    team_id: team.id,
    team_name: team.name,
    session_id: session.sessionId,
    ...(session.userId !== null ? { user_id: session.userId } : {}),
    input: { input_content: plan.input },
    model: model.id,
    model_provider: model.provider,
    created_at: plan.createdAt,
    status: plan.status,
  };
  if (content !== undefined) {
    run.content = content;
    run.content_type = 'str';
  }
  run.messages = b.messages;
  run.tools = b.tools;
  if (Object.keys(metrics).length > 0) run.metrics = metrics;
  if (requirements) run.requirements = requirements;
  if (b.events) run.events = b.events;
  run.member_responses = members;
  return [...members, run];
}

function expandWorkflowRun(plan: RunPlan, session: GeneratedSession, catalog: Catalog): RawRun {
  const workflow = findWorkflow(catalog, plan.componentId);
  const b = newBuilder(
    plan,
    session,
    {
      workflow_id: workflow.id,
      workflow_name: workflow.name,
      session_id: session.sessionId,
      run_id: plan.runId,
    },
    session.storeEvents,
  );
  const stepIds = workflow.steps.map(() => b.rng.uuid());
  const status = plan.status;
  const stopAt =
    plan.variant === 'workflow-paused'
      ? 1
      : plan.variant === 'workflow-running' ||
          plan.variant === 'workflow-cancelled' ||
          plan.variant === 'workflow-error'
        ? b.rng.int(0, workflow.steps.length - 1)
        : workflow.steps.length;
  emit(b, 'WorkflowStarted', { nested_depth: 0 });
  const stepResults: JsonObject[] = [];
  const executorRuns: RawRun[] = [];
  const perStep = Math.max(3, Math.round(plan.budget / workflow.steps.length));
  let content: string | undefined;
  for (let i = 0; i < stopAt; i++) {
    const step = workflow.steps[i];
    const stepId = stepIds[i];
    if (!step || !stepId) break;
    tick(b);
    emit(b, 'StepStarted', { step_id: stepId, step_name: step.name, step_index: i, nested_depth: 0 });
    const executor = executorRun(b, plan, session, catalog, step, stepId, i, perStep);
    executorRuns.push(executor);
    for (const e of executor.events ?? []) if (b.events) b.events.push({ ...e });
    b.t = Math.min(Math.max(b.t, executor.created_at + 2), b.end);
    const stepContent = typeof executor.content === 'string' ? executor.content : '';
    const result: JsonObject = {
      step_id: stepId,
      step_name: step.name,
      step_type: 'Step',
      executor_type: step.executor,
      executor_name:
        step.executor === 'agent'
          ? findAgent(catalog, step.executorId).name
          : findTeam(catalog, step.executorId).name,
      content: stepContent,
      success: true,
      stop: false,
      metrics: executor.metrics ?? {},
    };
    stepResults.push(result);
    emit(b, 'StepCompleted', {
      step_id: stepId,
      step_name: step.name,
      step_index: i,
      content: stepContent,
      step_response: { ...result },
      nested_depth: 0,
    });
    content = stepContent;
  }
  const run: RawRun = {
    run_id: plan.runId,
    session_id: session.sessionId,
    workflow_id: workflow.id,
    workflow_name: workflow.name,
    ...(session.userId !== null ? { user_id: session.userId } : {}),
    input: plan.input,
    created_at: plan.createdAt,
    status,
    step_results: stepResults,
    step_executor_runs: executorRuns,
  };
  const pausedStep = workflow.steps[stopAt];
  if (plan.variant === 'workflow-paused' && pausedStep) {
    const requirement: JsonObject = {
      step_id: stepIds[stopAt] ?? '',
      step_name: pausedStep.name,
      step_index: stopAt,
      requires_confirmation: true,
      confirmation_message: `Approve the remediation plan for ${plan.topic}?`,
      confirmed: null,
      on_reject: 'skip',
      requires_user_input: false,
      user_input_message: null,
      user_input_schema: null,
      user_input: null,
    };
    emit(b, 'StepPaused', {
      step_id: stepIds[stopAt] ?? '',
      step_name: pausedStep.name,
      step_index: stopAt,
      requires_confirmation: true,
      confirmation_message: requirement.confirmation_message,
      requires_user_input: false,
      nested_depth: 0,
    });
    emit(b, 'WorkflowPaused', {
      status: 'PAUSED',
      paused_step_index: stopAt,
      paused_step_name: pausedStep.name,
      pause_kind: 'step',
      step_requirements: [requirement],
      step_results: stepResults.map((r) => ({ ...r })),
      content: content ?? null,
    });
    run.step_requirements = [requirement];
    run.pause_kind = 'step';
    run.paused_step_name = pausedStep.name;
    run.paused_step_index = stopAt;
  } else if (plan.variant === 'workflow-cancelled') {
    emit(b, 'WorkflowCancelled', { reason: 'Workflow run cancelled', content: content ?? null });
    content = `Workflow run ${plan.runId} was cancelled`;
  } else if (plan.variant === 'workflow-error') {
    const error = `Step '${workflow.steps[stopAt]?.name ?? 'unknown'}' failed: ConnectionError: upstream unavailable`;
    emit(b, 'StepError', {
      step_id: stepIds[stopAt] ?? '',
      step_name: workflow.steps[stopAt]?.name ?? '',
      error,
      nested_depth: 0,
    });
    emit(b, 'WorkflowError', { error, error_type: 'ConnectionError', error_id: 'step_failed' });
    content = error;
  } else if (status === 'COMPLETED') {
    const metrics = workflowMetrics(stepResults, plan, b);
    run.metrics = metrics;
    emit(b, 'WorkflowCompleted', {
      content: content ?? null,
      content_type: 'str',
      step_results: stepResults.map((r) => ({ ...r })),
      metrics,
    });
  }
  if (!run.metrics && stepResults.length > 0) run.metrics = workflowMetrics(stepResults, plan, b);
  if (content !== undefined) {
    run.content = content;
    run.content_type = 'str';
  }
  if (b.events) run.events = b.events;
  return run;
}

function workflowMetrics(stepResults: JsonObject[], plan: RunPlan, b: Builder): JsonObject {
  const steps: JsonObject = {};
  for (const r of stepResults) {
    const name = String(r.step_name);
    steps[name] = {
      step_name: name,
      executor_type: r.executor_type,
      executor_name: r.executor_name,
      metrics: r.metrics,
    };
  }
  return { duration: round3(Math.max(1, b.t - plan.createdAt)), steps };
}

function executorRun(
  b: Builder,
  plan: RunPlan,
  session: GeneratedSession,
  catalog: Catalog,
  step: { name: string; executor: 'agent' | 'team'; executorId: string },
  stepId: string,
  index: number,
  budget: number,
): RawRun {
  const agentId =
    step.executor === 'agent'
      ? step.executorId
      : (findTeam(catalog, step.executorId).memberIds[0] ?? 'basic-agent');
  // Team steps run one member below the team run.
  const child: RunPlan = {
    runId: b.rng.uuid(),
    seed: Math.floor(b.rng.next() * 4_294_967_296),
    type: 'agent',
    variant: 'member',
    componentId: agentId,
    parentRunId: null,
    status: 'COMPLETED',
    createdAt: b.t,
    durationS: Math.max(2, budget),
    budget,
    topic: plan.topic,
    input: `${step.name}: ${plan.input}`,
    inputTokens: 150 * budget,
    outputTokens: 40 * budget,
    history: null,
    regeneratedFrom: null,
    largeResultBytes: 0,
    members: [],
  };
  const workflowRef = {
    workflowId: plan.componentId,
    workflowRunId: plan.runId,
    stepId,
    stepName: step.name,
    stepIndex: index,
  };
  if (step.executor === 'agent') return expandAgentRun(child, session, catalog, workflowRef);
  const team = findTeam(catalog, step.executorId);
  const teamPlan: RunPlan = { ...child, type: 'team', variant: 'team', componentId: team.id, members: [] };
  teamPlan.members = [
    {
      ...child,
      runId: b.rng.uuid(),
      parentRunId: teamPlan.runId,
      createdAt: child.createdAt + 1,
      seed: mixSeed(child.seed, 1),
    },
  ];
  const runs = expandTeamRun(teamPlan, session, catalog);
  const teamRun = runs[runs.length - 1];
  if (!teamRun) throw new Error('team expansion produced no run');
  return { ...teamRun, workflow_id: plan.componentId, workflow_step_id: stepId };
}

/** A valid JSON array of rows, padded to about `bytes` characters, cheap to build. */
export function bigRows(bytes: number): string {
  const row = (i: number): string =>
    `{"id": ${i}, "service": "billing", "status": 502, "latency_ms": ${1000 + (i % 997)}, "path": "/v1/invoices/${i}", "trace_id": "${((i * 2_654_435_761) >>> 0).toString(16).padStart(8, '0')}"}`;
  const block = Array.from({ length: 64 }, (_, i) => row(i)).join(', ');
  const copies = Math.max(1, Math.floor(bytes / (block.length + 2)));
  return `[${Array.from({ length: copies }, () => block).join(', ')}]`;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function round6(value: number): number {
  return Math.round(value * 1_000_000) / 1_000_000;
}

function truncate(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

function capitalise(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}

function naiveIsoMicros(epochSeconds: number, micros: number): string {
  return `${new Date(epochSeconds * 1000).toISOString().slice(0, 19)}.${String(micros).padStart(6, '0')}`;
}

/** The name agno derives when `session_data.session_name` is unset (see `get_session_name`). */
export function deriveSessionName(
  type: SessionType,
  runs: readonly RawRun[],
  workflowName: string | null,
): string {
  if (type === 'workflow') {
    const first = runs[0];
    if (!first) return '';
    if (typeof first.input === 'string') return first.input;
    if (first.input !== undefined && first.input !== null && typeof first.input === 'object')
      return pyJsonDumps(first.input);
    return workflowName ? `New ${workflowName} Session` : '';
  }
  const candidates = type === 'team' ? runs.filter((r) => !r.agent_id) : runs;
  for (const run of candidates) {
    for (const m of run.messages ?? []) if (m.role === 'user' && m.content) return m.content;
    const input = run.input;
    if (input && typeof input === 'object' && !Array.isArray(input) && input.input_content !== undefined) {
      const value = input.input_content;
      return typeof value === 'string' ? value : pyJsonDumps(value);
    }
  }
  return '';
}

/** `deriveSessionName` for an unexpanded session: the first run's first user message is its input. */
export function plannedSessionName(session: GeneratedSession): string {
  return session.runs[0]?.input ?? '';
}
