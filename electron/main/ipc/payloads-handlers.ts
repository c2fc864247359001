import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChannelOutput, ParsedChannelInput } from '@shared/ipc/contract';
import { IpcError } from '@shared/ipc/errors';
import { payloadFileName } from '@shared/models/payload';
import type { CoreDeps } from '../core';
import { getPayloadBytes, getPayloadRef } from '../db/payloads-repo';

/** Where "Open externally" writes bodies, under the data directory. */
export const EXPORTS_DIR = 'exports';

// Session content is untrusted: opened by a browser from a local file, HTML or SVG could run
// script with file:// access, so those open as plain text.
const OPENS_AS_TEXT = /\.(html|svg)$/;

export function describePayload(
  input: ParsedChannelInput<'payloads:describe'>,
  deps: CoreDeps,
): ChannelOutput<'payloads:describe'> {
  const ref = getPayloadRef(deps.db, input.id);
  if (!ref) throw new IpcError('not-found', 'No such payload');
  return ref;
}

export async function openPayloadExternally(
  input: ParsedChannelInput<'payloads:open-external'>,
  deps: CoreDeps,
): Promise<ChannelOutput<'payloads:open-external'>> {
  const ref = getPayloadRef(deps.db, input.id);
  const bytes = ref && getPayloadBytes(deps.db, input.id);
  if (!ref || !bytes) throw new IpcError('not-found', 'No such payload');
  const dir = join(deps.dataDir, EXPORTS_DIR);
  const path = join(dir, payloadFileName(input.id, ref.contentType).replace(OPENS_AS_TEXT, '.txt'));
  await mkdir(dir, { recursive: true });
  await writeFile(path, bytes);
  try {
    await deps.openPath(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new IpcError('unavailable', `Saved to ${path}, but the system could not open it: ${reason}`);
  }
  return { path };
}
