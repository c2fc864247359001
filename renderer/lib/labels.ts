import type { SessionKind, TriggerType } from '@shared/models/session';
import type { ControlAction } from '@shared/models/status';
import type { AuthMode, TargetKind } from '@shared/models/target';

export const KIND_LABELS: Record<SessionKind, string> = {
  agent: 'Agent',
  team: 'Team',
  workflow: 'Workflow',
};

export const TRIGGER_LABELS: Record<TriggerType, string> = {
  manual: 'Manual',
  api: 'API',
  event: 'Event',
  schedule: 'Schedule',
  agent: 'Agent',
  workflow: 'Workflow',
  webhook: 'Webhook',
  poll: 'Poll',
  cli: 'CLI',
  unknown: 'Unknown',
};

export const ACTION_LABELS: Record<ControlAction, string> = {
  pause: 'Pause',
  resume: 'Resume',
  respond: 'Respond',
  cancel: 'Cancel',
  delete: 'Delete',
};

export const TARGET_KIND_LABELS: Record<TargetKind, string> = {
  agentos: 'Agno AgentOS',
  langgraph: 'LangGraph',
  otel: 'OpenTelemetry',
};

export const AUTH_MODE_LABELS: Record<AuthMode, string> = {
  none: 'No authentication',
  'security-key': 'Security key',
  jwt: 'JWT',
  'api-key': 'API key',
};
