// Keyboard shortcuts of the Sessions view as a pure function of the key event, so the mapping
// can be tested without a DOM and shown in the help text from one place.

export type KeyCommand =
  | { type: 'move'; delta: number; extend: boolean }
  | { type: 'move-to'; position: 'first' | 'last' }
  | { type: 'open' }
  | { type: 'toggle-select' }
  | { type: 'select-all' }
  | { type: 'clear' }
  | { type: 'focus-search' }
  | { type: 'palette' };

export interface KeyInput {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  /** True when the event comes from a text field, where letters must type, not act. */
  isTyping: boolean;
}

const PAGE = 20;

/** The command a key press means in the list, or null to let the browser have it. */
export function keyCommand(input: KeyInput): KeyCommand | null {
  const mod = input.ctrlKey || input.metaKey;
  if (mod && !input.altKey && input.key.toLowerCase() === 'k') return { type: 'palette' };
  if (input.isTyping) return input.key === 'Escape' ? { type: 'clear' } : null;
  if (input.altKey) return null;
  if (mod) return input.key.toLowerCase() === 'a' ? { type: 'select-all' } : null;
  switch (input.key) {
    case 'j':
    case 'ArrowDown':
      return { type: 'move', delta: 1, extend: input.shiftKey };
    case 'J':
      return { type: 'move', delta: 1, extend: true };
    case 'k':
    case 'ArrowUp':
      return { type: 'move', delta: -1, extend: input.shiftKey };
    case 'K':
      return { type: 'move', delta: -1, extend: true };
    case 'PageDown':
      return { type: 'move', delta: PAGE, extend: false };
    case 'PageUp':
      return { type: 'move', delta: -PAGE, extend: false };
    case 'Home':
      return { type: 'move-to', position: 'first' };
    case 'End':
      return { type: 'move-to', position: 'last' };
    case 'Enter':
      return { type: 'open' };
    case 'x':
    case ' ':
      return { type: 'toggle-select' };
    case '/':
      return { type: 'focus-search' };
    case 'Escape':
      return { type: 'clear' };
    default:
      return null;
  }
}

/** The focused row after a move: clamped to the list; from no focus, down starts at the top. */
export function moveFocus(current: number, command: KeyCommand, total: number): number {
  if (total <= 0) return -1;
  if (command.type === 'move-to') return command.position === 'first' ? 0 : total - 1;
  if (command.type !== 'move') return current;
  if (current < 0) return command.delta > 0 ? 0 : total - 1;
  return Math.max(0, Math.min(total - 1, current + command.delta));
}

/** The shortcuts, for the help line and the palette. */
export const SHORTCUTS: readonly { keys: string; does: string }[] = [
  { keys: 'j / k, ↓ / ↑', does: 'move' },
  { keys: 'Enter', does: 'open' },
  { keys: 'x', does: 'select' },
  { keys: 'Shift + j / k', does: 'extend selection' },
  { keys: '/', does: 'search' },
  { keys: 'Ctrl/⌘ + K', does: 'actions' },
  { keys: 'Ctrl/⌘ + A', does: 'select all matching' },
  { keys: 'Esc', does: 'clear selection' },
];
