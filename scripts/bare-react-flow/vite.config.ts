import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// the app's build settings (../../vite.config.ts), for a like-for-like first-load comparison
export default defineConfig({
  root: __dirname,
  plugins: [react()],
  logLevel: 'silent',
  build: { target: 'es2022', outDir: '../../node_modules/.cache/bare-react-flow', emptyOutDir: true },
});
