import type { IngestActivity, IngestPayload, IngestRun, IngestSessionDetail } from '@shared/models/ingest';
import type { SessionKind, TriggerType } from '@shared/models/session';
import type { SessionStatus } from '@shared/models/status';
import { SESSION_STATUSES } from '@shared/models/status';
import { TRIGGER_TYPES } from '@shared/models/session';

/*
 * The bundled demo: a realistic week of a small team's agents, built by code so it stays small in
 * the bundle and always the same for a given clock. Every kind, status and trigger type appears;
 * there are tool failures with retries, human-in-the-loop waits, teams with member sessions,
 * workflows calling agents (parent links), reasoning and a few long conversations.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How many top-level sessions the demo holds (members and called agents come on top). */
export const DEMO_TOP_LEVEL_SESSIONS = 150;

/** mulberry32: tiny and deterministic. */
function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)] as T;
}

function between(rng: Rng, min: number, max: number): number {
  return Math.round(min + rng() * (max - min));
}

function json(value: unknown): IngestPayload {
  return { contentType: 'application/json', body: JSON.stringify(value, null, 2) };
}

function text(body: string): IngestPayload {
  return { contentType: 'text/plain', body };
}

interface Model {
  name: string;
  provider: string;
  /** USD per 1,000 tokens, input and output blended. */
  pricePer1k: number;
}

const MODELS: readonly Model[] = [
  { name: 'gpt-4.1-mini', provider: 'openai', pricePer1k: 0.0008 },
  { name: 'gpt-4.1', provider: 'openai', pricePer1k: 0.005 },
  { name: 'claude-sonnet-4', provider: 'anthropic', pricePer1k: 0.006 },
  { name: 'claude-haiku-4', provider: 'anthropic', pricePer1k: 0.0012 },
  { name: 'gemini-2.5-flash', provider: 'google', pricePer1k: 0.0006 },
];

interface ToolSpec {
  name: string;
  args: (rng: Rng, topic: string) => Record<string, unknown>;
  result: (rng: Rng, topic: string) => unknown;
  /** A failure this tool is known for, retried once or twice before it succeeds. */
  failure?: { category: 'timeout' | 'rate-limited' | 'tool' | 'auth' | 'validation'; message: string };
  /** Asks a human before running (the session waits for input). */
  needsApproval?: boolean;
  services: string[];
}

interface Scenario {
  component: string;
  kind: SessionKind;
  project: string;
  model: Model;
  topics: readonly string[];
  prompt: (topic: string) => string;
  name: (topic: string) => string;
  tools: readonly ToolSpec[];
  reasoning: (topic: string) => string;
  answer: (topic: string) => string;
  /** Team members or workflow steps that run as sessions of their own. */
  children?: readonly { component: string; relation: 'member' | 'step' | 'called'; step?: string }[];
}

const CUSTOMERS = [
  'Northwind Traders',
  'Globex',
  'Initech',
  'Umbrella Health',
  'Stark Logistics',
  'Wayne Retail',
];

const TOOLS = {
  lookupCustomer: {
    name: 'lookup_customer',
    args: (rng) => ({ customer_id: `cus_${between(rng, 10_000, 99_999)}` }),
    result: (rng) => ({
      name: pick(rng, CUSTOMERS),
      plan: pick(rng, ['starter', 'team', 'enterprise']),
      open_tickets: between(rng, 0, 4),
      lifetime_value_usd: between(rng, 400, 90_000),
    }),
    services: ['postgres'],
  },
  getOrder: {
    name: 'get_order',
    args: (rng) => ({ order_id: `A-${between(rng, 10_000, 99_999)}` }),
    result: (rng) => ({
      status: pick(rng, ['delivered', 'in_transit', 'returned']),
      total_usd: between(rng, 20, 2_400),
      items: between(rng, 1, 6),
      carrier: pick(rng, ['DHL', 'UPS', 'FedEx']),
    }),
    failure: { category: 'timeout', message: 'orders-api did not answer within 10000 ms' },
    services: ['orders-api'],
  },
  issueRefund: {
    name: 'issue_refund',
    args: (rng) => ({ order_id: `A-${between(rng, 10_000, 99_999)}`, amount_usd: between(rng, 20, 1_400) }),
    result: (rng) => ({ refund_id: `re_${between(rng, 100_000, 999_999)}`, status: 'succeeded' }),
    needsApproval: true,
    services: ['stripe'],
  },
  sendEmail: {
    name: 'send_email',
    args: (_rng, topic) => ({ to: 'customer@example.com', subject: `About your request: ${topic}` }),
    result: () => ({ delivered: true }),
    services: ['gmail'],
  },
  searchWeb: {
    name: 'search_web',
    args: (_rng, topic) => ({ query: topic, max_results: 8 }),
    result: (rng, topic) => ({
      results: Array.from({ length: 4 }, (_, i) => ({
        title: `${topic} — ${pick(rng, ['benchmark', 'pricing', 'overview', 'case study', 'docs'])} ${i + 1}`,
        url: `https://example.org/${topic.toLowerCase().replace(/[^a-z0-9]+/g, '-')}/${i + 1}`,
      })),
    }),
    failure: { category: 'rate-limited', message: 'Search API rate limit exceeded: retry after 2 seconds' },
    services: ['search-api'],
  },
  fetchUrl: {
    name: 'fetch_url',
    args: (_rng, topic) => ({
      url: `https://example.org/${topic.toLowerCase().replace(/[^a-z0-9]+/g, '-')}/1`,
    }),
    result: (rng) => ({ status: 200, bytes: between(rng, 4_000, 90_000), title: 'Fetched page' }),
    services: ['http'],
  },
  runSql: {
    name: 'run_sql',
    args: (_rng, topic) => ({
      sql: `select date_trunc('week', created_at) as week, plan, count(*) as n\nfrom subscriptions\nwhere ${topic.includes('churn') ? "status = 'canceled'" : "status = 'active'"}\ngroup by 1, 2 order by 1`,
    }),
    result: (rng) => ({
      columns: ['week', 'plan', 'n'],
      rows: Array.from({ length: 6 }, (_, i) => [
        `2026-W${30 + i}`,
        pick(rng, ['starter', 'team']),
        between(rng, 3, 180),
      ]),
    }),
    failure: { category: 'timeout', message: 'canceling statement due to statement timeout (30 s)' },
    services: ['snowflake'],
  },
  makeChart: {
    name: 'make_chart',
    args: () => ({ kind: 'line', x: 'week', y: 'n', series: 'plan' }),
    result: (rng) => ({ image: `chart-${between(rng, 1000, 9999)}.png` }),
    services: ['charts'],
  },
  githubDiff: {
    name: 'github_get_diff',
    args: (rng) => ({ repo: 'acme/api', pull: between(rng, 300, 900) }),
    result: (rng) => ({
      files: between(rng, 2, 14),
      additions: between(rng, 10, 600),
      deletions: between(rng, 0, 200),
    }),
    failure: { category: 'auth', message: 'GitHub token expired (401 Bad credentials)' },
    services: ['github'],
  },
  runTests: {
    name: 'run_tests',
    args: () => ({ command: 'npm test -- --reporter=dot' }),
    result: (rng) => ({
      passed: between(rng, 200, 900),
      failed: between(rng, 0, 2),
      duration_s: between(rng, 20, 180),
    }),
    services: ['ci'],
  },
  githubComment: {
    name: 'github_comment',
    args: (rng) => ({ repo: 'acme/api', pull: between(rng, 300, 900), body: 'Looks good; two nits inline.' }),
    result: () => ({ ok: true }),
    needsApproval: true,
    services: ['github'],
  },
  searchFlights: {
    name: 'search_flights',
    args: (_rng, topic) => ({ to: topic, from: 'BER', passengers: 2 }),
    result: (rng) => ({
      cheapest_eur: between(rng, 90, 420),
      airline: pick(rng, ['TAP', 'Lufthansa', 'easyJet']),
    }),
    failure: { category: 'validation', message: "Invalid date '2026-02-30' for departure" },
    services: ['flights-api'],
  },
  searchHotels: {
    name: 'search_hotels',
    args: (_rng, topic) => ({ city: topic, nights: 3, max_eur_per_night: 140 }),
    result: (rng) => ({
      options: between(rng, 4, 30),
      best: pick(rng, ['Casa Azul', 'Hotel Miradouro', 'The Lumiares']),
    }),
    services: ['hotels-api'],
  },
  getWeather: {
    name: 'get_weather',
    args: (_rng, topic) => ({ city: topic }),
    result: (rng) => ({ forecast: pick(rng, ['sunny', 'showers', 'cloudy']), high_c: between(rng, 14, 29) }),
    services: ['weather-api'],
  },
  classify: {
    name: 'classify_ticket',
    args: (_rng, topic) => ({ text: topic }),
    result: (rng) => ({
      category: pick(rng, ['billing', 'login', 'bug', 'feature']),
      priority: pick(rng, ['p1', 'p2', 'p3']),
    }),
    services: ['zendesk'],
  },
  assignTicket: {
    name: 'assign_ticket',
    args: () => ({ queue: 'tier-2' }),
    result: () => ({ assigned_to: 'tier-2', sla_hours: 8 }),
    services: ['zendesk'],
  },
  fetchInvoices: {
    name: 'fetch_invoices',
    args: () => ({ period: 'last_month', status: 'open' }),
    result: (rng) => ({ invoices: between(rng, 40, 400), total_eur: between(rng, 10_000, 900_000) }),
    failure: { category: 'rate-limited', message: '429 Too Many Requests from billing-api' },
    services: ['billing-api'],
  },
  matchPayments: {
    name: 'match_payments',
    args: () => ({ tolerance_eur: 0.5 }),
    result: (rng) => ({ matched: between(rng, 30, 380), unmatched: between(rng, 0, 12) }),
    services: ['stripe', 'postgres'],
  },
  postSlack: {
    name: 'slack_post',
    args: () => ({ channel: '#daily-metrics', text: 'Nightly report is ready' }),
    result: () => ({ ok: true, ts: '1761990000.000100' }),
    services: ['slack'],
  },
  updateCrm: {
    name: 'update_crm_record',
    args: (rng) => ({
      lead_id: `lead_${between(rng, 1000, 9999)}`,
      fields: { employees: between(rng, 10, 5000) },
    }),
    result: () => ({ updated: true }),
    needsApproval: true,
    services: ['hubspot'],
  },
} satisfies Record<string, ToolSpec>;

const SCENARIOS: readonly Scenario[] = [
  {
    component: 'support-agent',
    kind: 'agent',
    project: 'support',
    model: MODELS[0] as Model,
    topics: ['damaged order', 'late delivery', 'double charge', 'wrong size', 'missing item'],
    prompt: (t) =>
      `A customer reports a ${t} on their latest order. Look it up, decide between a refund and a replacement, and reply to them.`,
    name: (t) => `Customer ${t}`,
    tools: [TOOLS.lookupCustomer, TOOLS.getOrder, TOOLS.issueRefund, TOOLS.sendEmail],
    reasoning: (t) =>
      `The customer mentions a ${t}. First confirm the order and its value; refunds above $500 need a human to approve.`,
    answer: (t) =>
      `I checked the order and issued a refund for the ${t}. The customer has been emailed with the refund id.`,
  },
  {
    component: 'research-agent',
    kind: 'agent',
    project: 'growth',
    model: MODELS[2] as Model,
    topics: [
      'vector database pricing',
      'EU AI Act obligations',
      'LLM eval frameworks',
      'edge inference chips',
      'OpenTelemetry for LLMs',
    ],
    prompt: (t) =>
      `Research ${t}: list the main options, their trade-offs and a recommendation with sources.`,
    name: (t) => `Research: ${t}`,
    tools: [TOOLS.searchWeb, TOOLS.fetchUrl, TOOLS.searchWeb],
    reasoning: (t) =>
      `I should search broadly for ${t} first, then read the two most relevant sources in full before comparing.`,
    answer: (t) =>
      `Summary of ${t}: three credible options stand out. Recommendation: start with the managed option and revisit at 10x volume. Sources are listed inline.`,
  },
  {
    component: 'sql-analyst',
    kind: 'agent',
    project: 'data-platform',
    model: MODELS[1] as Model,
    topics: [
      'weekly churn by plan',
      'active subscriptions by region',
      'refund rate trend',
      'trial conversion',
    ],
    prompt: (t) => `Compute ${t} for the last 8 weeks and chart it.`,
    name: (t) => `SQL: ${t}`,
    tools: [TOOLS.runSql, TOOLS.makeChart],
    reasoning: (t) =>
      `For ${t} I need the subscriptions table grouped by week; the warehouse is slow on full scans, so filter on created_at first.`,
    answer: (t) =>
      `Here is ${t}: the trend is flat except for a dip in week 34 that lines up with the pricing change.`,
  },
  {
    component: 'code-reviewer',
    kind: 'agent',
    project: 'internal-tools',
    model: MODELS[2] as Model,
    topics: [
      'retry with jitter in the HTTP client',
      'new billing webhook',
      'SQLite migration for tags',
      'rate limiter rewrite',
    ],
    prompt: (t) => `Review the pull request "${t}". Run the tests and leave a review comment.`,
    name: (t) => `Review: ${t}`,
    tools: [TOOLS.githubDiff, TOOLS.runTests, TOOLS.githubComment],
    reasoning: (t) =>
      `The PR "${t}" touches error handling; I will check the retry bounds and whether tests cover the failure path.`,
    answer: (t) =>
      `Reviewed "${t}": approved with two nits (a missing upper bound on retries, and a flaky test name).`,
  },
  {
    component: 'travel-planner',
    kind: 'agent',
    project: 'internal-tools',
    model: MODELS[4] as Model,
    topics: ['Lisbon', 'Kyoto', 'Oslo', 'Madrid', 'Boston'],
    prompt: (t) => `Plan a 3-day trip to ${t} for two in May, under €900 all in, with flights from Berlin.`,
    name: (t) => `Trip to ${t}`,
    tools: [TOOLS.searchFlights, TOOLS.searchHotels, TOOLS.getWeather],
    reasoning: (t) =>
      `Budget is tight for ${t}: flights first, then hotels under €140 a night, then check the weather for outdoor plans.`,
    answer: (t) =>
      `A 3-day plan for ${t}: flights €312 for two, a central hotel at €128/night, and a day-by-day itinerary.`,
  },
  {
    component: 'triage-bot',
    kind: 'agent',
    project: 'support',
    model: MODELS[3] as Model,
    topics: [
      'Cannot log in after password reset',
      'Invoice shows the wrong VAT',
      'Export to CSV times out',
      'Feature request: dark mode',
    ],
    prompt: (t) => `Triage this ticket: "${t}".`,
    name: (t) => `Triage: ${t}`,
    tools: [TOOLS.classify, TOOLS.assignTicket],
    reasoning: (t) => `"${t}" — decide category and priority, then route it to the right queue.`,
    answer: () => 'Categorised and routed to tier-2 with an 8 h SLA.',
  },
  {
    component: 'support-team',
    kind: 'team',
    project: 'support',
    model: MODELS[1] as Model,
    topics: ['refund escalation', 'enterprise renewal question', 'outage complaint', 'billing dispute'],
    prompt: (t) =>
      `Handle this ${t} end to end: triage it, fix the billing side if needed and answer the customer.`,
    name: (t) => `Support: ${t}`,
    tools: [TOOLS.lookupCustomer, TOOLS.sendEmail],
    reasoning: (t) =>
      `A ${t} needs triage first, then billing, then a reply; delegate to the members in that order.`,
    answer: (t) =>
      `The ${t} is resolved: triaged as billing, corrected by the billing agent and answered by support.`,
    children: [
      { component: 'triage-bot', relation: 'member' },
      { component: 'billing-agent', relation: 'member' },
    ],
  },
  {
    component: 'research-team',
    kind: 'team',
    project: 'growth',
    model: MODELS[2] as Model,
    topics: ['competitor launch analysis', 'market sizing for EU SMBs', 'pricing page rewrite'],
    prompt: (t) => `Produce a two-page brief on ${t}.`,
    name: (t) => `Brief: ${t}`,
    tools: [TOOLS.searchWeb],
    reasoning: (t) => `Split ${t} between research and writing; the writer waits for the research notes.`,
    answer: (t) => `The brief on ${t} is ready: key findings, risks and three recommended next steps.`,
    children: [
      { component: 'research-agent', relation: 'member' },
      { component: 'writer-agent', relation: 'member' },
    ],
  },
  {
    component: 'nightly-report',
    kind: 'workflow',
    project: 'data-platform',
    model: MODELS[0] as Model,
    topics: ['daily revenue', 'signups and activation', 'support load'],
    prompt: (t) => `Nightly report: ${t}.`,
    name: (t) => `Nightly report — ${t}`,
    tools: [TOOLS.postSlack],
    reasoning: () => 'Extract yesterday’s numbers, let the analyst explain anomalies, then post.',
    answer: (t) => `Posted the ${t} report to #daily-metrics.`,
    children: [{ component: 'sql-analyst', relation: 'step', step: 'Analyze' }],
  },
  {
    component: 'invoice-reconciliation',
    kind: 'workflow',
    project: 'checkout',
    model: MODELS[3] as Model,
    topics: ['October invoices', 'September invoices', 'Q3 marketplace payouts'],
    prompt: (t) => `Reconcile ${t} against Stripe payments and flag discrepancies above €0.50.`,
    name: (t) => `Reconcile ${t}`,
    tools: [TOOLS.fetchInvoices, TOOLS.matchPayments, TOOLS.sendEmail],
    reasoning: (t) => `Fetch ${t}, match each against payments, and only escalate the unmatched ones.`,
    answer: (t) => `${t}: all but 4 matched; the 4 discrepancies were emailed to finance.`,
  },
  {
    component: 'lead-enrichment',
    kind: 'workflow',
    project: 'growth',
    model: MODELS[4] as Model,
    topics: ['webinar signups', 'trade-show leads', 'inbound demo requests'],
    prompt: (t) => `Enrich the ${t} with company size and industry, then update the CRM.`,
    name: (t) => `Enrich ${t}`,
    tools: [TOOLS.updateCrm],
    reasoning: (t) => `Research each company in ${t} with the research agent, then write the fields back.`,
    answer: (t) => `Enriched the ${t}: 37 records updated, 3 skipped (no public data).`,
    children: [{ component: 'research-agent', relation: 'called', step: 'Research companies' }],
  },
];

const CHILD_SCENARIOS: Record<string, Scenario> = {
  'billing-agent': {
    component: 'billing-agent',
    kind: 'agent',
    project: 'checkout',
    model: MODELS[0] as Model,
    topics: ['invoice correction'],
    prompt: () => 'Correct the invoice and issue a credit note if the customer was overcharged.',
    name: () => 'Billing: invoice correction',
    tools: [TOOLS.lookupCustomer, TOOLS.issueRefund],
    reasoning: () => 'Compare the invoice lines with the plan price before crediting anything.',
    answer: () => 'Issued a credit note for the overcharge.',
  },
  'writer-agent': {
    component: 'writer-agent',
    kind: 'agent',
    project: 'growth',
    model: MODELS[2] as Model,
    topics: ['brief'],
    prompt: () => 'Write the brief from the research notes: two pages, plain language.',
    name: () => 'Write the brief',
    tools: [],
    reasoning: () => 'Lead with the recommendation, then the evidence.',
    answer: () => 'Draft written: 2 pages, 5 sections.',
  },
};

function scenarioFor(component: string): Scenario {
  return CHILD_SCENARIOS[component] ?? (SCENARIOS.find((s) => s.component === component) as Scenario);
}

const PEOPLE = ['ana@acme.dev', 'bo@acme.dev', 'chen@acme.dev', 'dara@acme.dev'];

function triggerFor(
  rng: Rng,
  type: TriggerType,
  scenario: Scenario,
): { type: TriggerType; source: string | null } {
  switch (type) {
    case 'manual':
      return { type, source: pick(rng, PEOPLE) };
    case 'api':
      return { type, source: pick(rng, ['svc-checkout', 'svc-support-portal', 'svc-growth']) };
    case 'event':
      return { type, source: pick(rng, ['order.refund_requested', 'ticket.created', 'invoice.overdue']) };
    case 'schedule':
      return { type, source: scenario.kind === 'workflow' ? 'every day at 02:00' : 'every 15 min' };
    case 'agent':
      return { type, source: pick(rng, ['support-team', 'research-team']) };
    case 'workflow':
      return { type, source: pick(rng, ['nightly-report', 'lead-enrichment']) };
    case 'webhook':
      return { type, source: pick(rng, ['github: pull_request.opened', 'stripe: charge.disputed']) };
    case 'poll':
      return { type, source: 'zendesk inbox every 5 min' };
    case 'cli':
      return { type, source: `agno run · ${pick(rng, PEOPLE)}` };
    case 'unknown':
      return { type, source: null };
  }
}

interface BuildContext {
  rng: Rng;
  now: number;
  out: IngestSessionDetail[];
  counter: { n: number };
}

interface SessionPlan {
  scenario: Scenario;
  status: SessionStatus;
  trigger: { type: TriggerType; source: string | null };
  startAt: number;
  parentRemoteId: string | null;
  /** Conversation turns; long conversations have hundreds. */
  turns: number;
  /** Index of the tool call that fails (and is retried), or -1. */
  failingTool: number;
  hasReasoning: boolean;
}

function emptyActivity(runRemoteId: string | null): IngestActivity {
  return {
    runRemoteId,
    kind: 'message',
    at: null,
    role: null,
    title: null,
    text: null,
    body: null,
    tool: null,
    control: null,
    link: null,
    sourceType: null,
  };
}

function tokensOf(...texts: string[]): number {
  return Math.round(texts.reduce((sum, t) => sum + t.length, 0) / 3.6);
}

/** Builds one session (and, for teams and workflows, its member / called sessions). */
function buildSession(ctx: BuildContext, plan: SessionPlan): string {
  const { rng } = ctx;
  const { scenario, status } = plan;
  const index = ctx.counter.n++;
  const remoteId = `demo-${scenario.kind}-${String(index).padStart(4, '0')}`;
  const runId = `${remoteId}-run-1`;
  const topic = pick(rng, scenario.topics);
  const prompt = scenario.prompt(topic);
  const isQueued = status === 'queued' || status === 'pending';
  const startedAt = isQueued ? null : plan.startAt;
  const queuedAt = plan.startAt - between(rng, 200, 3_000);
  const activity: IngestActivity[] = [];
  const services = new Set<string>();
  let clock = plan.startAt;
  const tick = (min: number, max: number): number => (clock += between(rng, min, max));
  let tokenCount = 0;
  let toolCalls = 0;
  let errors = 0;

  const isLive = status === 'running' || status === 'pausing' || status === 'canceling';
  const stopsEarly = isLive || status === 'waiting' || status === 'paused' || status === 'canceled';

  if (!isQueued) {
    for (let turn = 0; turn < plan.turns; turn++) {
      const isLastTurn = turn === plan.turns - 1;
      const userText =
        turn === 0
          ? prompt
          : pick(rng, [
              `Thanks. Can you also check ${pick(rng, scenario.topics)}?`,
              'Please make it shorter and add the numbers.',
              'What would change if we doubled the budget?',
              'Good. One more question about the previous answer: how confident are you?',
            ]);
      activity.push({
        ...emptyActivity(runId),
        kind: 'message',
        role: 'user',
        at: tick(200, 2_000),
        text: userText,
      });
      tokenCount += tokensOf(userText);
      if (plan.hasReasoning && (turn === 0 || rng() < 0.3)) {
        const thought = scenario.reasoning(topic);
        activity.push({
          ...emptyActivity(runId),
          kind: 'reasoning',
          at: tick(300, 4_000),
          title: 'Reasoning',
          text: thought,
        });
        tokenCount += tokensOf(thought) * 3;
      }
      const tools = turn === 0 ? scenario.tools : scenario.tools.slice(0, rng() < 0.5 ? 1 : 0);
      for (let t = 0; t < tools.length; t++) {
        const tool = tools[t] as ToolSpec;
        for (const service of tool.services) services.add(service);
        const args = tool.args(rng, topic);
        const isFinalStop = isLastTurn && t === tools.length - 1;
        if (turn === 0 && t === plan.failingTool && tool.failure) {
          const attempts = 1 + Math.floor(rng() * 2);
          for (let retry = 0; retry < attempts; retry++) {
            toolCalls++;
            errors++;
            activity.push({
              ...emptyActivity(runId),
              kind: 'tool-call',
              at: tick(500, 3_000),
              title: tool.name,
              tool: {
                callId: `call_${index}_${t}_${retry}`,
                name: tool.name,
                args: json(args),
                result: null,
                state: 'failed',
                errorCategory: tool.failure.category,
                errorMessage: tool.failure.message,
                retryCount: retry,
                durationMs: between(rng, 800, 10_000),
              },
              sourceType: 'tool_call',
            });
          }
          if (status === 'failed' && isLastTurn) break;
        }
        if (tool.needsApproval && status === 'waiting' && isFinalStop) {
          toolCalls++;
          activity.push({
            ...emptyActivity(runId),
            kind: 'tool-call',
            at: tick(300, 1_500),
            title: tool.name,
            tool: {
              callId: `call_${index}_${t}`,
              name: tool.name,
              args: json(args),
              result: null,
              state: 'waiting',
              errorCategory: null,
              errorMessage: null,
              retryCount: 0,
              durationMs: null,
            },
            sourceType: 'tool_call',
          });
          activity.push({
            ...emptyActivity(runId),
            kind: 'input-wait',
            at: clock,
            title: `Waiting for confirmation: ${tool.name}`,
            body: json({ tools: [{ tool_name: tool.name, tool_args: args, requires_confirmation: true }] }),
            sourceType: 'run.paused',
          });
          break;
        }
        const isRunningNow = isLive && isFinalStop;
        toolCalls++;
        const result = tool.result(rng, topic);
        activity.push({
          ...emptyActivity(runId),
          kind: 'tool-call',
          at: tick(300, 6_000),
          title: tool.name,
          tool: {
            callId: `call_${index}_${t}`,
            name: tool.name,
            args: json(args),
            result: isRunningNow ? null : json(result),
            state: isRunningNow ? 'running' : 'succeeded',
            errorCategory: null,
            errorMessage: null,
            retryCount: turn === 0 && t === plan.failingTool && tool.failure ? 1 : 0,
            durationMs: isRunningNow ? null : between(rng, 120, 9_000),
          },
          sourceType: 'tool_call',
        });
        tokenCount += tokensOf(JSON.stringify(args), JSON.stringify(result));
      }
      if (isLastTurn && (stopsEarly || status === 'failed')) break;
      const answer =
        turn === 0
          ? scenario.answer(topic)
          : pick(rng, [
              'Done — the numbers are in the table above.',
              'Shorter version: approve the refund, replace nothing, and follow up in a week.',
              'With double the budget the plan changes little; the main gain is a better hotel.',
              'Fairly confident: the two sources agree and the data is from last week.',
            ]);
      activity.push({
        ...emptyActivity(runId),
        kind: 'message',
        role: 'assistant',
        at: tick(800, 8_000),
        text: answer,
      });
      tokenCount += tokensOf(answer) * 2;
    }
  }

  // Members of a team and steps of a workflow are sessions of their own, linked both ways.
  for (const child of scenario.children ?? []) {
    if (isQueued) break;
    const childStatus: SessionStatus =
      status === 'failed' && child === scenario.children?.at(-1)
        ? 'failed'
        : status === 'completed' || status === 'failed'
          ? 'completed'
          : isLive || status === 'waiting' || status === 'paused'
            ? child === scenario.children?.at(-1)
              ? status === 'paused'
                ? 'paused'
                : 'running'
              : 'completed'
            : 'canceled';
    if (child.step) {
      activity.push({
        ...emptyActivity(runId),
        kind: 'step',
        at: tick(200, 1_000),
        title: `${child.step} started`,
        sourceType: 'StepStarted',
      });
    }
    const childRemoteId = buildSession(ctx, {
      scenario: scenarioFor(child.component),
      status: childStatus,
      trigger: {
        type: scenario.kind === 'workflow' ? 'workflow' : 'agent',
        source: scenario.component,
      },
      startAt: tick(500, 3_000),
      parentRemoteId: remoteId,
      turns: 1,
      failingTool: childStatus === 'failed' ? 0 : -1,
      hasReasoning: rng() < 0.5,
    });
    clock += between(rng, 5_000, 40_000);
    activity.push({
      ...emptyActivity(runId),
      kind: 'link',
      at: clock,
      title: `${child.relation === 'member' ? 'Member' : 'Called'} ${child.component}`,
      link: {
        relation: child.relation,
        sessionRemoteId: childRemoteId,
        runRemoteId: null,
        name: child.component,
      },
      sourceType: 'demo.link',
    });
  }

  let errorText: string | null = null;
  if (status === 'failed') {
    errors++;
    const failed = scenario.tools[Math.max(0, plan.failingTool)];
    errorText =
      failed?.failure?.message ??
      pick(rng, [
        'Model returned an empty response three times',
        'Context length exceeded: 131072 tokens requested',
      ]);
    activity.push({
      ...emptyActivity(runId),
      kind: 'error',
      at: tick(200, 2_000),
      title: failed?.failure ? `${failed.name} kept failing` : 'Run failed',
      text: errorText,
      sourceType: 'RunError',
    });
  }
  const by = pick(rng, PEOPLE).split('@')[0] as string;
  if (status === 'paused' || status === 'pausing') {
    activity.push({
      ...emptyActivity(runId),
      kind: 'control',
      at: tick(500, 5_000),
      title: 'Pause requested',
      control: { action: 'pause', phase: 'requested', by, detail: null },
    });
    if (status === 'paused') {
      activity.push({
        ...emptyActivity(runId),
        kind: 'control',
        at: tick(300, 1_500),
        title: 'Paused',
        control: { action: 'pause', phase: 'completed', by: 'source', detail: 'Now paused' },
      });
    }
  }
  if (status === 'canceled' || status === 'canceling') {
    activity.push({
      ...emptyActivity(runId),
      kind: 'control',
      at: tick(500, 5_000),
      title: 'Cancel requested',
      control: { action: 'cancel', phase: 'requested', by, detail: null },
    });
    if (status === 'canceled') {
      activity.push({
        ...emptyActivity(runId),
        kind: 'control',
        at: tick(200, 1_000),
        title: 'Run cancelled',
        control: { action: 'cancel', phase: 'completed', by: 'source', detail: 'Cancelled by user' },
      });
    }
  }

  const isFinished = status === 'completed' || status === 'failed' || status === 'canceled';
  const finishedAt = isFinished ? tick(200, 2_000) : null;
  const durationMs = startedAt !== null && finishedAt !== null ? finishedAt - startedAt : null;
  const totalTokens = isQueued ? null : Math.max(120, tokenCount + between(rng, 300, 2_500));
  const inputTokens = totalTokens === null ? null : Math.round(totalTokens * 0.72);
  const costUsd =
    totalTokens === null ? null : Math.round((totalTokens / 1000) * scenario.model.pricePer1k * 1e6) / 1e6;
  const finalAnswer = activity.findLast((a) => a.kind === 'message' && a.role === 'assistant')?.text ?? null;

  const run: IngestRun = {
    remoteId: runId,
    parentRemoteId: null,
    kind: scenario.kind,
    status,
    componentName: scenario.component,
    input: text(prompt),
    output: finalAnswer === null ? null : text(finalAnswer),
    error: errorText === null ? null : json({ error: errorText }),
    metrics: {
      inputTokens,
      outputTokens: totalTokens === null || inputTokens === null ? null : totalTokens - inputTokens,
      totalTokens,
      timeToFirstTokenMs: isQueued ? null : between(rng, 250, 2_400),
      durationMs,
      costUsd,
    },
    model: isQueued ? null : scenario.model.name,
    provider: isQueued ? null : scenario.model.provider,
    createdAt: queuedAt,
    startedAt,
    finishedAt,
  };

  const lastAt = activity.at(-1)?.at ?? plan.startAt;
  ctx.out.push({
    session: {
      remoteId,
      kind: scenario.kind,
      name: scenario.name(topic),
      status,
      trigger: { ...plan.trigger, raw: JSON.stringify({ demo: true, ...plan.trigger }) },
      actor: plan.trigger.type === 'manual' ? plan.trigger.source : null,
      project: scenario.project,
      component: { type: scenario.kind, id: scenario.component, name: scenario.component },
      prompt,
      summary: isFinished && finalAnswer ? finalAnswer : null,
      parentRemoteId: plan.parentRemoteId,
      createdAt: queuedAt,
      queuedAt,
      startedAt,
      finishedAt,
      durationMs,
      tokens: {
        input: inputTokens,
        output: run.metrics.outputTokens,
        total: totalTokens,
      },
      costUsd,
      models: isQueued ? [] : [scenario.model.name],
      services: [...services],
      errorCount: errors,
      toolCallCount: toolCalls,
      remoteUpdatedAt: Math.max(lastAt, finishedAt ?? 0),
    },
    runs: [run],
    activity,
    spans: [],
    raw: [
      {
        entity: 'session',
        remoteId,
        json: JSON.stringify({ session_id: remoteId, demo: true, component: scenario.component, status }),
      },
    ],
  });
  return remoteId;
}

/** Live sessions are recent; finished ones spread over the past week. */
function startFor(rng: Rng, now: number, status: SessionStatus, order: number): number {
  if (status === 'queued' || status === 'pending') return now - between(rng, 5_000, 60_000);
  if (status === 'running' || status === 'pausing' || status === 'canceling')
    return now - between(rng, 20_000, 15 * MINUTE);
  if (status === 'waiting' || status === 'paused') return now - between(rng, 2 * MINUTE, 3 * HOUR);
  // Spread finished sessions evenly over 7 days with jitter, newest first by `order`.
  const slot = (7 * DAY) / DEMO_TOP_LEVEL_SESSIONS;
  return now - 20 * MINUTE - order * slot - between(rng, 0, Math.round(slot * 0.8));
}

const STATUS_WEIGHTS: readonly [SessionStatus, number][] = [
  ['completed', 62],
  ['failed', 12],
  ['canceled', 5],
  ['running', 6],
  ['waiting', 5],
  ['paused', 3],
  ['queued', 2],
  ['pending', 2],
  ['pausing', 1.5],
  ['canceling', 1.5],
];

function weighted<T>(rng: Rng, table: readonly [T, number][]): T {
  const total = table.reduce((sum, [, w]) => sum + w, 0);
  let r = rng() * total;
  for (const [value, weight] of table) {
    r -= weight;
    if (r < 0) return value;
  }
  return (table.at(-1) as [T, number])[0];
}

/**
 * The demo sessions, newest first, with start times relative to `now` (epoch ms). The same
 * `now` always gives the same sessions.
 */
export function buildDemoSessions(now: number): IngestSessionDetail[] {
  const rng = createRng(20_261_101);
  const ctx: BuildContext = { rng, now, out: [], counter: { n: 0 } };
  for (let i = 0; i < DEMO_TOP_LEVEL_SESSIONS; i++) {
    // The first rounds cover every status, trigger type and scenario at least once.
    const status =
      i < SESSION_STATUSES.length ? (SESSION_STATUSES[i] as SessionStatus) : weighted(rng, STATUS_WEIGHTS);
    const triggerType =
      i < TRIGGER_TYPES.length
        ? (TRIGGER_TYPES[(i * 3) % TRIGGER_TYPES.length] as TriggerType)
        : weighted(rng, [
            ['manual', 30],
            ['api', 22],
            ['schedule', 14],
            ['event', 9],
            ['webhook', 7],
            ['cli', 6],
            ['poll', 4],
            ['agent', 4],
            ['workflow', 3],
            ['unknown', 1],
          ] as const);
    const scenario = SCENARIOS[i % SCENARIOS.length] as Scenario;
    // Every 37th session is a long back-and-forth conversation.
    const isLong = i % 37 === 5;
    buildSession(ctx, {
      scenario,
      status,
      trigger: triggerFor(rng, triggerType, scenario),
      startAt: startFor(rng, now, status, i),
      parentRemoteId: null,
      turns: isLong ? between(rng, 120, 260) : 1 + (rng() < 0.35 ? between(rng, 1, 4) : 0),
      failingTool: status === 'failed' || rng() < 0.25 ? Math.floor(rng() * scenario.tools.length) : -1,
      hasReasoning: rng() < 0.6,
    });
  }
  return ctx.out.sort(
    (a, b) =>
      (b.session.startedAt ?? b.session.queuedAt ?? 0) - (a.session.startedAt ?? a.session.queuedAt ?? 0),
  );
}
