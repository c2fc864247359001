import type { Channel, ChannelInput, ChannelOutput } from '@shared/ipc/contract';
import type { IpcResult } from '@shared/ipc/errors';
import type { WebApp } from './web-app';

/**
 * Calls the running app's handlers over its web bridge, as a script would (Bearer launch
 * token): the same handler table and validation the UI goes through, for test setup.
 */
export function bridgeClient(app: WebApp) {
  const token = new URL(app.launchUrl).searchParams.get('token') ?? '';
  return async function invoke<C extends Channel>(
    channel: C,
    input: ChannelInput<C>,
  ): Promise<ChannelOutput<C>> {
    const response = await fetch(`${app.origin}/api/invoke/${encodeURIComponent(channel)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(input),
    });
    const result = (await response.json()) as IpcResult<ChannelOutput<C>>;
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
    return result.data;
  };
}
