import type { CompareStep, HeaderDelta, MetadataRow, StepPart } from '@shared/models/compare';
import { isSessionStatus, STATUS_LABELS } from '@shared/models/status';
import { formatAbsolute, formatCost, formatDuration, formatInteger } from '../../lib/format';

export const PART_LABELS: Record<StepPart['name'], string> = {
  prompt: 'Prompt',
  text: 'Text',
  args: 'Tool arguments',
  result: 'Tool result',
  input: 'Run input',
  output: 'Run output',
  error: 'Run error',
};

/** Parts in the order their tabs show, and the first one present is opened. */
export const PART_ORDER: readonly StepPart['name'][] = [
  'prompt',
  'text',
  'result',
  'args',
  'output',
  'input',
  'error',
];

const ROLE_LABELS: Record<string, string> = {
  user: 'User',
  assistant: 'Assistant',
  system: 'System',
  tool: 'Tool',
};

/** "User", "Tool · search", "Run · Failed", "Step · agent". */
export function stepLabel(step: CompareStep): string {
  switch (step.kind) {
    case 'message':
      return step.role ? (ROLE_LABELS[step.role] ?? step.role) : 'Message';
    case 'tool-call':
      return `Tool · ${step.toolName ?? '?'}`;
    case 'run':
      return `Run · ${step.status ? STATUS_LABELS[step.status] : '?'}`;
    case 'prompt':
      return 'Prompt';
    case 'reasoning':
      return 'Reasoning';
    case 'error':
      return 'Error';
    case 'step':
      return `Step · ${step.title ?? '?'}`;
    case 'input-wait':
      return 'Waiting for input';
    default:
      return step.kind.charAt(0).toUpperCase() + step.kind.slice(1);
  }
}

/** The text a step's second line shows. */
export function stepSummary(step: CompareStep): string {
  if (step.kind === 'step' || step.kind === 'tool-call') return step.excerpt ?? '';
  return step.excerpt ?? step.title ?? '';
}

function formatValue(key: HeaderDelta['key'], value: number): string {
  switch (key) {
    case 'duration':
      return formatDuration(Math.abs(value));
    case 'cost':
      return formatCost(Math.abs(value));
    default:
      return formatInteger(Math.abs(value));
  }
}

export function formatDeltaValue(delta: HeaderDelta, value: HeaderDelta['left']): string {
  if (value === null) return '—';
  if (typeof value === 'string') {
    return delta.key === 'status' && isSessionStatus(value) ? STATUS_LABELS[value] : value;
  }
  return formatValue(delta.key, value);
}

/** "+500 ms", "−1,200", "±0". */
export function formatDifference(delta: HeaderDelta): string {
  if (delta.difference === null) return delta.verdict === 'changed' ? 'changed' : '';
  if (delta.difference === 0) return '±0';
  return `${delta.difference > 0 ? '+' : '−'}${formatValue(delta.key, delta.difference)}`;
}

export function formatPercent(percent: number | null): string {
  if (percent === null) return '';
  const rounded = Math.abs(percent) >= 10 ? Math.round(percent) : Math.round(percent * 10) / 10;
  return `${rounded > 0 ? '+' : rounded < 0 ? '−' : '±'}${Math.abs(rounded)}%`;
}

/** A per-step delta for the gutter: "+120 ms", "−30 tok". */
export function formatStepDelta(value: number | null, unit: 'ms' | 'tok'): string | null {
  if (value === null || value === 0) return null;
  const sign = value > 0 ? '+' : '−';
  return unit === 'ms'
    ? `${sign}${formatDuration(Math.abs(value))}`
    : `${sign}${formatInteger(Math.abs(value))} tok`;
}

export function formatMetadata(row: MetadataRow, value: MetadataRow['left']): string {
  if (value === null) return '—';
  if (typeof value === 'string') return value;
  return row.format === 'time'
    ? formatAbsolute(value)
    : row.format === 'duration'
      ? formatDuration(value)
      : String(value);
}
