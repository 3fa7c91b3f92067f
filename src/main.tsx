// first: the CSP-safe zod setting must be in place before any lazy chunk loads zod
import './ui/csp';
// second: the engine's download starts, not after React's first render
import './ui/store/engine-start';
// third: the build's picture of the default lab goes on screen before the rest runs
import './ui/prerender/show';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './ui/styles/theme.css';
import './ui/styles/layout.css';
import './ui/styles/panels.css';
import './ui/styles/trace.css';
import './ui/styles/inspector.css';
import './ui/styles/canvas.css';
import './ui/styles/canvas-nodes.css';
import './ui/styles/drawer.css';
import { Boot } from './ui/Boot';
import { ErrorBoundary } from './ui/ErrorBoundary';
import { PwaUpdate } from './ui/pwa/PwaUpdate';
// the lab's keyboard shortcuts (App.tsx loads them lazily, outside the first load) download beside
// the engine, so they are listening by the time the live lab is on screen: a key pressed as soon
// as the lab shows is heard (a failed download is App's to report, when it asks again)
import('./ui/keyboard/KeyboardLayer').catch(() => undefined);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary area="podpath">
      <Boot />
    </ErrorBoundary>
    <PwaUpdate />
  </StrictMode>,
);
