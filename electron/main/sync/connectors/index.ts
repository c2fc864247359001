import type { TargetKind } from '@shared/models/target';
import type { Connector, ConnectorConfig } from '../connector';
import { createAgentOsConnector } from './agentos/connector';
import { createLangGraphConnector } from './langgraph/connector';

/** Every connector Tracedeck ships, listed explicitly (no discovery by glob). */
const FACTORIES: Partial<Record<TargetKind, (config: ConnectorConfig) => Connector>> = {
  agentos: createAgentOsConnector,
  langgraph: createLangGraphConnector,
};

export function createConnector(kind: TargetKind, config: ConnectorConfig): Connector {
  const factory = FACTORIES[kind];
  if (!factory) throw new Error(`No connector for ${kind} targets yet`);
  return factory(config);
}
