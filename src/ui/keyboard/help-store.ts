/**
 * Whether the keyboard shortcuts dialog is open: a tiny store of its own, so the `?` key
 * (useLabShortcuts) and the "Keyboard shortcuts" button open the same dialog.
 */
import { create } from 'zustand';

interface HelpState {
  readonly open: boolean;
  show(): void;
  hide(): void;
}

export const useShortcutsHelp = create<HelpState>()((set) => ({
  open: false,
  show: () => set({ open: true }),
  hide: () => set({ open: false }),
}));
