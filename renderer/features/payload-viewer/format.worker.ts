import { convertText, prepareText } from './format';

// Parsing, normalizing and pretty-printing a body of a few MB takes hundreds of milliseconds:
// done here, the page keeps responding meanwhile.

export type FormatJob =
  | { op: 'prepare'; text: string; contentType: string; normalize: boolean }
  | { op: 'convert'; text: string; to: 'json' | 'yaml'; normalize: boolean };

export type FormatReply = { id: number } & ({ ok: true; value: unknown } | { ok: false; message: string });

self.onmessage = (event: MessageEvent<{ id: number; job: FormatJob }>) => {
  const { id, job } = event.data;
  let reply: FormatReply;
  try {
    const value =
      job.op === 'prepare'
        ? prepareText(job.text, job.contentType, job.normalize)
        : convertText(job.text, job.to, job.normalize);
    reply = { id, ok: true, value };
  } catch (error) {
    reply = { id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  self.postMessage(reply);
};
