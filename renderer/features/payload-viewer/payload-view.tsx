import type { PayloadSource } from './payload-source';

// Placeholder until the Monaco payload viewer lands (issue 7, item 8).
export function PayloadView({
  source,
  title,
  testId,
}: {
  source: PayloadSource;
  title: string;
  height?: number | string;
  testId?: string;
}) {
  return (
    <pre className="plain-text" data-testid={testId ?? 'payload-view'} aria-label={title}>
      {source.kind === 'ref' ? source.ref.preview : source.text}
    </pre>
  );
}
