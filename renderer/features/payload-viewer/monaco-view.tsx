import { useEffect, useRef, useState, type RefObject } from 'react';
import { errorMessage } from '../../lib/throttle';
import { loadMonaco, type MonacoViewerApi } from './monaco-loader';
import type { DiffSideText } from './monaco-setup';

type Viewer = ReturnType<MonacoViewerApi['createViewer']>;
type DiffViewer = ReturnType<MonacoViewerApi['createDiffViewer']>;

/** Loads Monaco once per component and builds its editor in `host`; null until ready. */
function useMonaco<T extends { dispose(): void }>(
  create: (api: MonacoViewerApi, host: HTMLElement) => T,
): { host: RefObject<HTMLDivElement | null>; instance: T | null; error: string | null } {
  const host = useRef<HTMLDivElement>(null);
  const [instance, setInstance] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [createOnce] = useState(() => create);
  useEffect(() => {
    let made: T | null = null;
    let isMounted = true;
    loadMonaco().then(
      (api) => {
        if (!isMounted || !host.current) return;
        made = createOnce(api, host.current);
        setInstance(made);
      },
      (failure: unknown) => isMounted && setError(`The editor could not load: ${errorMessage(failure)}`),
    );
    return () => {
      isMounted = false;
      made?.dispose();
    };
  }, [createOnce]);
  return { host, instance, error };
}

function EditorHost({
  host,
  isReady,
  error,
  testId,
}: {
  host: RefObject<HTMLDivElement | null>;
  isReady: boolean;
  error: string | null;
  testId: string;
}) {
  return (
    <div className="payload-editor" data-testid={testId} data-ready={isReady || undefined}>
      <div ref={host} className="payload-editor-host" />
      {error ? (
        <p className="payload-state error-text">{error}</p>
      ) : (
        !isReady && (
          <p className="payload-state muted" role="status">
            <span className="spinner" aria-hidden /> Loading the editor…
          </p>
        )
      )}
    </div>
  );
}

/** Monaco showing `text` read-only; the editor is made once and its text swapped in place. */
export function MonacoText({ text, language, label }: { text: string; language: string; label: string }) {
  const [initialLabel] = useState(label);
  const { host, instance, error } = useMonaco<Viewer>((api, element) =>
    api.createViewer(element, initialLabel),
  );
  useEffect(() => {
    instance?.setText(text, language);
  }, [instance, text, language]);
  return <EditorHost host={host} isReady={instance !== null} error={error} testId="payload-editor" />;
}

/** Monaco's diff editor, read-only, side by side. */
export function MonacoDiffText({
  left,
  right,
  label,
}: {
  left: DiffSideText;
  right: DiffSideText;
  label: string;
}) {
  const [initialLabel] = useState(label);
  const { host, instance, error } = useMonaco<DiffViewer>((api, element) =>
    api.createDiffViewer(element, initialLabel),
  );
  useEffect(() => {
    instance?.setTexts(left, right);
  }, [instance, left, right]);
  return <EditorHost host={host} isReady={instance !== null} error={error} testId="payload-diff-editor" />;
}
