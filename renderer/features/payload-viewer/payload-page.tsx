import { EmptyState } from '../../components/empty-state';

// Placeholder until the payload viewer lands (issue 7, item 8).
export function PayloadPage({ payloadId }: { payloadId: string }) {
  return (
    <section className="view" data-testid="payload-page">
      <EmptyState title="Payload">{payloadId}</EmptyState>
    </section>
  );
}
