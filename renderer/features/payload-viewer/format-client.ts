import type { FormatJob, FormatReply } from './format.worker';
import type { PreparedText } from './format';
import FormatWorker from './format.worker?worker';

// Below this many characters formatting takes a few milliseconds, less than a round trip to the
// worker; the helpers are still imported lazily so the `yaml` library stays out of the first chunk.
const INLINE_LIMIT = 64 * 1024;

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

function formatWorker(): Worker {
  if (worker) return worker;
  const created = new FormatWorker();
  created.onmessage = (event: MessageEvent<FormatReply>) => {
    const reply = event.data;
    const waiter = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.ok) waiter?.resolve(reply.value);
    else waiter?.reject(new Error(reply.message));
  };
  created.onerror = (event) => {
    // A crashed worker fails what it was doing; the next job starts a fresh one.
    for (const waiter of pending.values()) waiter.reject(new Error(event.message || 'The formatter stopped'));
    pending.clear();
    created.terminate();
    if (worker === created) worker = null;
  };
  worker = created;
  return created;
}

async function run(job: FormatJob): Promise<unknown> {
  if (job.text.length < INLINE_LIMIT) {
    const format = await import('./format');
    return job.op === 'prepare'
      ? format.prepareText(job.text, job.contentType, job.normalize)
      : format.convertText(job.text, job.to, job.normalize);
  }
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    formatWorker().postMessage({ id, job });
  });
}

/** `prepareText` of format.ts, off the main thread for big texts. */
export function prepareOffThread(
  text: string,
  contentType: string,
  normalize: boolean,
): Promise<PreparedText> {
  return run({ op: 'prepare', text, contentType, normalize }) as Promise<PreparedText>;
}

/** `convertText` of format.ts, off the main thread for big texts. */
export function convertOffThread(text: string, to: 'json' | 'yaml', normalize: boolean): Promise<string> {
  return run({ op: 'convert', text, to, normalize }) as Promise<string>;
}
