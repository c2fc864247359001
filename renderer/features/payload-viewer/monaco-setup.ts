import * as monaco from 'monaco-editor/editor';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import 'monaco-editor/features/register.all';
import JsonWorker from 'monaco-editor/language/json/json.worker?worker';
import 'monaco-editor/languages/definitions/yaml/register';
import { jsonDefaults } from 'monaco-editor/languages/features/json/register';

// Loaded only through `loadMonaco()` (a dynamic import), so Monaco is its own chunk fetched when
// the first viewer mounts. It holds the editor core, its features and the JSON and YAML languages
// only (not `monaco-editor`, which pulls in every language). All features are registered here,
// up front: the JSON language features import monaco's internal worker module, which registers
// every editor contribution when the first JSON model loads them, and contributions registered
// after an editor exists fail ("depends on UNKNOWN service ICodeLensCache").
// The workers are bundled by Vite as files of the app (`?worker`), which the CSP allows
// (`worker-src 'self'`); nothing is loaded from a CDN.

self.MonacoEnvironment = {
  getWorker: (_moduleId: string, label: string) => (label === 'json' ? new JsonWorker() : new EditorWorker()),
};

// The viewer shows stored bodies as they are: no squiggles, no schema downloads. Of the JSON
// worker's services it needs folding and selection ranges only; document symbols (an outline of
// every key, built on the main thread) alone cost ~200 ms for 2 MB of JSON.
jsonDefaults.setDiagnosticsOptions({ validate: false, enableSchemaRequest: false });
jsonDefaults.setModeConfiguration({
  tokens: true,
  foldingRanges: true,
  selectionRanges: true,
  documentSymbols: false,
  diagnostics: false,
  hovers: false,
  completionItems: false,
  colors: false,
  documentFormattingEdits: false,
  documentRangeFormattingEdits: false,
});

const THEME = 'tracedeck';
const darkScheme = window.matchMedia('(prefers-color-scheme: dark)');

/** An app colour for Monaco, which takes only #rrggbb (the minified CSS may say #fff). */
function cssColor(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  if (/^#[\da-f]{6}$/i.test(value)) return value;
  if (/^#[\da-f]{3}$/i.test(value)) return `#${[...value.slice(1)].map((digit) => digit + digit).join('')}`;
  return fallback;
}

/** Monaco's light or dark theme, in the app's colours (renderer/styles.css follows the OS). */
function applyTheme(): void {
  const isDark = darkScheme.matches;
  monaco.editor.defineTheme(THEME, {
    base: isDark ? 'vs-dark' : 'vs',
    inherit: true,
    rules: [],
    colors: {
      'editor.background': cssColor('--bg', isDark ? '#16181c' : '#ffffff'),
      'editorGutter.background': cssColor('--bg-subtle', isDark ? '#1d2025' : '#f6f7f9'),
      'editorLineNumber.foreground': cssColor('--fg-faint', isDark ? '#6f7782' : '#8a919b'),
    },
  });
  monaco.editor.setTheme(THEME);
}
applyTheme();
darkScheme.addEventListener('change', applyTheme);

const SHARED_OPTIONS = {
  readOnly: true,
  domReadOnly: true,
  automaticLayout: true,
  folding: true,
  showFoldingControls: 'always',
  lineNumbers: 'on',
  minimap: { enabled: false },
  scrollBeyondLastLine: false,
  renderValidationDecorations: 'off',
  fontFamily: getComputedStyle(document.documentElement).getPropertyValue('--mono').trim() || undefined,
  fontSize: 12,
  tabSize: 2,
  theme: THEME,
  ariaLabel: 'Payload',
} satisfies monaco.editor.IStandaloneEditorConstructionOptions;

/**
 * An empty model. Bracket pair colours are a model option, off here: they parse the whole
 * document on the main thread, ~300 ms for 2 MB of JSON.
 */
function createModel(): monaco.editor.ITextModel {
  const model = monaco.editor.createModel('', 'plaintext');
  model.updateOptions({
    bracketColorizationOptions: { enabled: false, independentColorPoolPerBracketType: false },
  });
  return model;
}

/** A read-only editor with folding, find (Ctrl/⌘-F) and line numbers, owning its model. */
export function createViewer(
  host: HTMLElement,
  ariaLabel: string,
): { setText(text: string, language: string): void; dispose(): void } {
  const model = createModel();
  const editor = monaco.editor.create(host, { ...SHARED_OPTIONS, ariaLabel, model });
  return {
    setText(text, language) {
      if (model.getValue() !== text) model.setValue(text);
      monaco.editor.setModelLanguage(model, language);
    },
    dispose() {
      editor.dispose();
      model.dispose();
    },
  };
}

export interface DiffSideText {
  text: string;
  language: string;
}

/** A read-only side-by-side diff editor, owning its two models. */
export function createDiffViewer(
  host: HTMLElement,
  ariaLabel: string,
): {
  setTexts(left: DiffSideText, right: DiffSideText): void;
  dispose(): void;
} {
  const original = createModel();
  const modified = createModel();
  const diff = monaco.editor.createDiffEditor(host, {
    ...SHARED_OPTIONS,
    ariaLabel,
    originalEditable: false,
    renderSideBySide: true,
    // Side by side even in a narrow pane: the two payloads are the point of the view.
    useInlineViewWhenSpaceIsLimited: false,
    ignoreTrimWhitespace: false,
  });
  diff.setModel({ original, modified });
  return {
    setTexts(left, right) {
      for (const [model, side] of [
        [original, left],
        [modified, right],
      ] as const) {
        if (model.getValue() !== side.text) model.setValue(side.text);
        monaco.editor.setModelLanguage(model, side.language);
      }
    },
    dispose() {
      diff.dispose();
      original.dispose();
      modified.dispose();
    },
  };
}
