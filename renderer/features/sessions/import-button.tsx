import { useRef } from 'react';
import { useStore } from '../../state/store';

/** Opens a session bundle file exported by any Tracedeck and shows the imported session. */
export function ImportButton() {
  const input = useRef<HTMLInputElement>(null);
  const importBundle = useStore((state) => state.importBundle);
  return (
    <>
      <button
        type="button"
        className="button"
        data-testid="import-bundle"
        title="Open a session exported from Tracedeck (.tracedeck.json)"
        onClick={() => input.current?.click()}
      >
        Import…
      </button>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        hidden
        data-testid="import-bundle-file"
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file) void importBundle(file);
        }}
      />
    </>
  );
}
