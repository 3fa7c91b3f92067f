import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The app's build settings (../../vite.config.ts), for a like-for-like first-load comparison.
// BENCH_FLOOR_DIST lets a second checkout (or a helper) build without touching the shared cache.
export default defineConfig({
  root: __dirname,
  plugins: [react()],
  logLevel: 'silent',
  build: {
    target: 'es2022',
    outDir: process.env.BENCH_FLOOR_DIST ?? '../../node_modules/.cache/bench-floor',
    emptyOutDir: true,
  },
});
