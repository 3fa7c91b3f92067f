/**
 * The yardstick for the page's first load (`npm run bench`): React with one React Flow canvas
 * of two nodes, a background and the controls, built with the same Vite settings as the app.
 * The product's initial JavaScript is reported as a multiple of this page's.
 */
import { createRoot } from 'react-dom/client';
import { Background, Controls, ReactFlow } from '@xyflow/react';
import '@xyflow/react/dist/style.css';

const nodes = [
  { id: 'a', position: { x: 0, y: 0 }, data: { label: 'node-1' } },
  { id: 'b', position: { x: 200, y: 120 }, data: { label: 'node-2' } },
];
const edges = [{ id: 'a-b', source: 'a', target: 'b' }];

createRoot(document.getElementById('root')!).render(
  <ReactFlow nodes={nodes} edges={edges} fitView>
    <Background />
    <Controls />
  </ReactFlow>,
);
