import { describe, expect, it } from 'vitest';
import { trimSnippetLead } from '../../../renderer/lib/snippet';

describe('search snippets in a narrow cell', () => {
  it('keeps only the end of the text before the first match', () => {
    const parts = [
      { text: '…', isMatch: false },
      { text: 'their latest order. Look it up, decide between a ', isMatch: false },
      { text: 'refund', isMatch: true },
      { text: ' and a replacement', isMatch: false },
    ];
    expect(trimSnippetLead(parts, 18)).toEqual([
      { text: '…decide between a ', isMatch: false },
      { text: 'refund', isMatch: true },
      { text: ' and a replacement', isMatch: false },
    ]);
  });

  it('leaves short leads and snippets starting with a match alone', () => {
    const short = [
      { text: 'a ', isMatch: false },
      { text: 'refund', isMatch: true },
    ];
    expect(trimSnippetLead(short, 18)).toBe(short);
    const first = [{ text: 'refund', isMatch: true }];
    expect(trimSnippetLead(first, 18)).toBe(first);
    const none = [{ text: 'no match here at all, long enough to trim', isMatch: false }];
    expect(trimSnippetLead(none, 18)).toBe(none);
  });
});
