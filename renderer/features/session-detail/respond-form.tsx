import { useState } from 'react';
import { useStore } from '../../state/store';

/** Parses what the user typed: JSON when it is JSON, otherwise the text itself. */
export function parseResponse(text: string): unknown {
  const trimmed = text.trim();
  if (/^[[{"]|^(true|false|null|-?\d)/.test(trimmed)) {
    try {
      return JSON.parse(trimmed);
    } catch {
      // Not JSON after all: send it as text.
    }
  }
  return trimmed;
}

/**
 * Answers a session waiting for human input (a LangGraph interrupt, an AgentOS paused run): the
 * answer goes to the source, which resumes the run.
 */
export function RespondForm({ prompt }: { prompt: string | null }) {
  const respond = useStore((state) => state.respondToDetail);
  const [text, setText] = useState('');
  const [isSending, setSending] = useState(false);
  const send = async (value: unknown) => {
    setSending(true);
    const ok = await respond(value);
    setSending(false);
    if (ok) setText('');
  };
  return (
    <form
      className="respond-form"
      data-testid="respond-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (text.trim()) void send(parseResponse(text));
      }}
    >
      <label>
        <span>{prompt ?? 'Your response'} (text or JSON)</span>
        <textarea
          data-testid="respond-input"
          rows={3}
          value={text}
          onChange={(event) => setText(event.target.value)}
          placeholder='e.g. yes, or {"approved": true}'
        />
      </label>
      <div className="respond-actions">
        <button
          type="submit"
          className="button primary"
          data-testid="respond-send"
          disabled={isSending || !text.trim()}
        >
          Send and resume
        </button>
      </div>
    </form>
  );
}
