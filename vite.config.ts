/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { prerenderDefaultLab } from './scripts/prerender.ts';

/**
 * The built page's Content-Security-Policy (issue 9), as a meta tag: no inline script and no eval
 * (`script-src 'self'`), workers (the service worker) and fetches from the page's own origin only.
 * Inline style attributes stay allowed: React Flow positions nodes and edges with them. Build
 * only: the dev server's React Refresh preamble is an inline script. e2e/csp.spec.ts checks it.
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'podpath-csp',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' }],
  };
}

export default defineConfig({
  plugins: [
    react(),
    contentSecurityPolicy(),
    // Offline (issue 10): a web app manifest and a generated service worker that precaches the whole
    // build, lazy chunks, sample YAML and icons included (src/ui/pwa/register.ts). 'prompt': a new
    // version waits for the learner's "Reload"; injectRegister false: no inline script (the CSP
    // forbids it), PwaUpdate imports the registration after the first paint. Build only, never dev.
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      manifest: {
        name: 'podpath',
        short_name: 'podpath',
        description: 'A browser-only lab for Kubernetes pod networking with a visual packet tracer',
        // relative to the manifest's own URL, so the app works under any base path
        start_url: '.',
        scope: '.',
        display: 'standalone',
        // src/ui/styles/theme.css: --bg-2 (the top bar) and --bg (the page)
        theme_color: '#0e1520',
        background_color: '#0a0f17',
        icons: [
          { src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' },
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      // the manifest and its icons are precached by the plugin; this one is only in index.html
      includeAssets: ['icons/apple-touch-icon.png'],
      workbox: {
        // everything the bundle emits (every chunk, lazy ones too, of any type), index.html,
        // public/scenarios and public/manifests
        globPatterns: ['assets/**/*', '*.html', 'scenarios/*.yaml', 'manifests/*.yaml'],
        // any route (/lessons/…, /drills/…) opens the app offline: index.html from the precache
        navigateFallback: 'index.html',
      },
    }),
    // after the bundle and the service worker: a picture of the default lab in index.html (issue 9, first load)
    prerenderDefaultLab(),
  ],
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 900,
  },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
  },
});
