import type { HighlightedText } from '@shared/models/session-query';

/**
 * The snippet with the text before its first match cut to the last `leadChars` characters, so
 * the match stays visible in a narrow cell.
 */
export function trimSnippetLead(parts: HighlightedText, leadChars: number): HighlightedText {
  const firstMatch = parts.findIndex((part) => part.isMatch);
  if (firstMatch <= 0) return parts;
  const lead = parts
    .slice(0, firstMatch)
    .map((part) => part.text)
    .join('');
  if (lead.length <= leadChars) return parts;
  return [{ text: `…${lead.slice(-leadChars).trimStart()}`, isMatch: false }, ...parts.slice(firstMatch)];
}
