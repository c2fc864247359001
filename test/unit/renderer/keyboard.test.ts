import { describe, expect, it } from 'vitest';
import { keyCommand, moveFocus, type KeyInput } from '../../../renderer/lib/keyboard';

const key = (k: string, extra: Partial<KeyInput> = {}): KeyInput => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  isTyping: false,
  ...extra,
});

describe('list keyboard shortcuts', () => {
  it('maps j/k and the arrows to moves, shift to extending the selection', () => {
    expect(keyCommand(key('j'))).toEqual({ type: 'move', delta: 1, extend: false });
    expect(keyCommand(key('ArrowDown'))).toEqual({ type: 'move', delta: 1, extend: false });
    expect(keyCommand(key('k'))).toEqual({ type: 'move', delta: -1, extend: false });
    expect(keyCommand(key('ArrowUp', { shiftKey: true }))).toEqual({ type: 'move', delta: -1, extend: true });
    expect(keyCommand(key('J', { shiftKey: true }))).toEqual({ type: 'move', delta: 1, extend: true });
  });

  it('maps Enter, x, / and Escape', () => {
    expect(keyCommand(key('Enter'))).toEqual({ type: 'open' });
    expect(keyCommand(key('x'))).toEqual({ type: 'toggle-select' });
    expect(keyCommand(key('/'))).toEqual({ type: 'focus-search' });
    expect(keyCommand(key('Escape'))).toEqual({ type: 'clear' });
  });

  it('opens the palette with ctrl or cmd K, even while typing', () => {
    expect(keyCommand(key('k', { ctrlKey: true }))).toEqual({ type: 'palette' });
    expect(keyCommand(key('K', { metaKey: true, shiftKey: true }))).toEqual({ type: 'palette' });
    expect(keyCommand(key('k', { metaKey: true, isTyping: true }))).toEqual({ type: 'palette' });
    expect(keyCommand(key('a', { ctrlKey: true }))).toEqual({ type: 'select-all' });
  });

  it('leaves letters to text fields and other modifiers to the browser', () => {
    expect(keyCommand(key('j', { isTyping: true }))).toBeNull();
    expect(keyCommand(key('/', { isTyping: true }))).toBeNull();
    expect(keyCommand(key('Escape', { isTyping: true }))).toEqual({ type: 'clear' });
    expect(keyCommand(key('j', { altKey: true }))).toBeNull();
    expect(keyCommand(key('c', { ctrlKey: true }))).toBeNull();
    expect(keyCommand(key('q'))).toBeNull();
  });

  it('moves the focus within the list, starting at the top or the bottom', () => {
    const down = { type: 'move', delta: 1, extend: false } as const;
    const up = { type: 'move', delta: -1, extend: false } as const;
    expect(moveFocus(-1, down, 10)).toBe(0);
    expect(moveFocus(-1, up, 10)).toBe(9);
    expect(moveFocus(4, down, 10)).toBe(5);
    expect(moveFocus(9, down, 10)).toBe(9);
    expect(moveFocus(0, up, 10)).toBe(0);
    expect(moveFocus(3, { type: 'move', delta: 20, extend: false }, 10)).toBe(9);
    expect(moveFocus(3, { type: 'move-to', position: 'first' }, 10)).toBe(0);
    expect(moveFocus(3, { type: 'move-to', position: 'last' }, 10)).toBe(9);
    expect(moveFocus(3, down, 0)).toBe(-1);
  });
});
