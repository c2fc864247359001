import type { CompareResult } from '@shared/models/compare';

/**
 * The comparison as one self-contained JSON document: both sides, deltas, metadata and every
 * aligned row with its two steps inline. Bodies are referenced, not embedded.
 */
export function comparisonDocument(result: CompareResult, exportedAt: number) {
  const side = (s: CompareResult['left']) => ({
    session: s.session,
    target: s.target,
    run: s.run,
  });
  return {
    format: 'tracedeck-comparison',
    version: 1,
    exportedAt: new Date(exportedAt).toISOString(),
    left: side(result.left),
    right: side(result.right),
    deltas: result.deltas,
    metadata: result.metadata,
    counts: result.counts,
    firstDivergence: result.firstDivergence,
    alignment: result.method,
    rows: result.rows.map((row) => ({
      diff: row.diff,
      durationDeltaMs: row.durationDeltaMs,
      tokenDelta: row.tokenDelta,
      left: row.left === null ? null : (result.left.steps[row.left] ?? null),
      right: row.right === null ? null : (result.right.steps[row.right] ?? null),
    })),
  };
}

export function exportFileName(result: CompareResult): string {
  const part = (s: CompareResult['left']) =>
    `${s.session.remoteId}${s.run ? `-${s.run.remoteId}` : ''}`.replace(/[^\w.-]+/g, '_').slice(0, 60);
  return `tracedeck-compare-${part(result.left)}-vs-${part(result.right)}.json`;
}

/** Saves JSON through the browser's download (a save dialog or the downloads folder). */
export function downloadJson(fileName: string, data: unknown): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // Revoked after the click has been handled, or the download would find no blob.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
