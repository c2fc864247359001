import { useState } from 'react';
import { errorMessage } from '../../lib/throttle';
import { useStore } from '../../state/store';
import { formatBytes } from './format-labels';
import type { PayloadContent } from './payload-data';

type LargeContent = Extract<PayloadContent, { status: 'large' }>;

/** Fetches and saves a whole body on click; disabled meanwhile. */
export function DownloadButton({ byteSize, download }: { byteSize: number; download: () => Promise<void> }) {
  const notify = useStore((state) => state.notify);
  const [isDownloading, setDownloading] = useState(false);
  const onDownload = () => {
    setDownloading(true);
    download()
      .catch((error: unknown) => notify(`Could not download the payload: ${errorMessage(error)}`, 'error'))
      .finally(() => setDownloading(false));
  };
  return (
    <button
      type="button"
      className="button primary"
      data-testid="payload-download"
      onClick={onDownload}
      disabled={isDownloading}
    >
      {isDownloading ? 'Downloading…' : `Download ${formatBytes(byteSize)}`}
    </button>
  );
}

/**
 * A body too big to render: its size, type and stored preview, and a Download button that
 * fetches the whole body only when asked.
 */
export function LargePayload({
  content,
  download,
}: {
  content: LargeContent;
  download: () => Promise<void>;
}) {
  return (
    <div className="payload-large" data-testid="payload-large">
      <p>
        This body is <strong>{formatBytes(content.byteSize)}</strong> (
        <span className="mono">{content.contentType}</span>), too large to show in full.
      </p>
      <p>
        <DownloadButton byteSize={content.byteSize} download={download} />
      </p>
      {content.preview && (
        <>
          <p className="muted small">
            Preview: the first {content.preview.length.toLocaleString('en-US')} characters
          </p>
          <pre className="payload-preview" data-testid="payload-preview" tabIndex={0}>
            {content.preview}
          </pre>
        </>
      )}
    </div>
  );
}
