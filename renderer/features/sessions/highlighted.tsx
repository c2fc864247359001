import type { HighlightedText } from '@shared/models/session-query';
import { trimSnippetLead } from '../../lib/snippet';

/** A search snippet with its matches marked. */
export function Highlighted({ parts }: { parts: HighlightedText }) {
  return (
    <>
      {trimSnippetLead(parts, 18).map((part, i) =>
        part.isMatch ? (
          <mark key={i} data-testid="match">
            {part.text}
          </mark>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </>
  );
}
