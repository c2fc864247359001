import { CHANNELS, isChannel, type Channel } from '@shared/ipc/contract';
import { IpcError, type IpcResult } from '@shared/ipc/errors';
import type { z } from 'zod';
import type { CoreDeps } from '../core';
import { MigrationError } from '../db/migrate';
import type { Handler, Handlers } from './handlers';

/**
 * Validates a call against the contract and runs its handler, turning every outcome into the
 * `{ ok, data } | { ok: false, error }` envelope. Both transports call this and nothing else,
 * so they cannot disagree on validation or error codes.
 */
export async function dispatch(
  table: Handlers,
  deps: CoreDeps,
  channel: unknown,
  input: unknown,
): Promise<IpcResult<unknown>> {
  if (!isChannel(channel)) {
    return failure('unknown-channel', `No such channel: ${String(channel).slice(0, 80)}`);
  }
  const parsed = CHANNELS[channel].input.safeParse(input ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        code: 'invalid-input',
        message: `Invalid input for ${channel}: ${describeIssues(parsed.error)}`,
        issues: parsed.error.issues.map((issue) => ({
          path: issue.path.map(String).join('.'),
          message: issue.message,
        })),
      },
    };
  }
  try {
    const handler = table[channel] as Handler<Channel>;
    return { ok: true, data: await handler(parsed.data as never, deps) };
  } catch (error) {
    if (error instanceof IpcError) return failure(error.code, error.message);
    if (error instanceof MigrationError) return failure('unavailable', error.message);
    console.error(`handler for ${channel} failed:`, error);
    return failure(
      'internal',
      `${channel} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function failure(code: IpcError['code'], message: string): IpcResult<never> {
  return { ok: false, error: { code, message } };
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}
