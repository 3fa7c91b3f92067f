import { lazy, Suspense } from 'react';
import { useLabShortcuts } from './useLabShortcuts';
import { useShortcutsHelp } from './help-store';
import './keyboard.css';

const ShortcutsDialog = lazy(() => import('./ShortcutsDialog'));

/**
 * The lab page's shortcuts (mounted by App, so study pages have none) and their help dialog,
 * loaded when first opened. App loads this module itself on demand, just after the first paint.
 */
export default function KeyboardLayer() {
  useLabShortcuts();
  const open = useShortcutsHelp((s) => s.open);
  return open ? (
    <Suspense fallback={null}>
      <ShortcutsDialog />
    </Suspense>
  ) : null;
}
