/**
 * Build step (issue 9, "First load"): a picture of the default lab, taken from the page just
 * built, so a learner sees the canvas before the JavaScript has built it.
 *
 * After `vite build` this serves the output, opens it in headless Chromium at 1280×800, waits
 * until the live lab is ready (the canvas drawn and fitted, Send enabled) and writes what `#root`
 * holds into index.html as `<template id="prerendered-lab">`. The page's first module
 * (src/ui/prerender/show.ts) puts that picture on screen — inert and hidden from assistive
 * technology — when the page would open that same lab (the app's own root, no share link,
 * no phone layout), and React replaces it with the live page once the engine has loaded.
 * A template, not markup in #root: other routes and share links never flash the default lab.
 *
 * Without a Chromium (PODPATH_CHROMIUM, else /usr/bin/chromium) the build goes on without the
 * picture and says so; a Chromium that is there but cannot take the picture fails the build.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';
import { TEMPLATE_ID } from '../src/ui/prerender/ids.ts';
import { chromiumPath, serveStatic } from './static-site.ts';

/** the window the picture is taken in: the 1280×800 laptop the screens are checked at */
export const PRERENDER_VIEWPORT = { width: 1280, height: 800 };

/**
 * Runs in the page: #root's markup with what the DOM keeps only as properties written back as
 * attributes (a select's choice, a field's text, a box's check), and the drawing's bounds in
 * flow coordinates so show.ts can fit it to the learner's canvas as Topology.tsx would.
 */
const CAPTURE = `(() => {
  const root = document.getElementById('root');
  const copy = root.cloneNode(true);
  const live = root.querySelectorAll('input, select, textarea');
  const dead = copy.querySelectorAll('input, select, textarea');
  live.forEach((el, i) => {
    const d = dead[i];
    if (el.tagName === 'SELECT') [...el.options].forEach((o, j) => o.selected ? d.options[j].setAttribute('selected', '') : d.options[j].removeAttribute('selected'));
    else if (el.tagName === 'TEXTAREA') d.textContent = el.value;
    else if (el.type === 'checkbox' || el.type === 'radio') el.checked ? d.setAttribute('checked', '') : d.removeAttribute('checked');
    else d.setAttribute('value', el.value);
  });
  const flow = root.querySelector('.react-flow');
  const vp = root.querySelector('.react-flow__viewport');
  const m = new DOMMatrixReadOnly(getComputedStyle(vp).transform);
  const box = flow.getBoundingClientRect();
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const n of root.querySelectorAll('.react-flow__node')) {
    const r = n.getBoundingClientRect();
    x0 = Math.min(x0, (r.left - box.left - m.e) / m.a);
    y0 = Math.min(y0, (r.top - box.top - m.f) / m.a);
    x1 = Math.max(x1, (r.right - box.left - m.e) / m.a);
    y1 = Math.max(y1, (r.bottom - box.top - m.f) / m.a);
  }
  return { html: copy.innerHTML, bounds: { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } };
})()`;

async function capture(url: string, exe: string): Promise<{ html: string; bounds: { x: number; y: number; width: number; height: number } }> {
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({ executablePath: exe, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    // no service worker: the picture is of the page, not of a cache
    const context = await browser.newContext({ viewport: PRERENDER_VIEWPORT, serviceWorkers: 'block', reducedMotion: 'reduce' });
    const page = await context.newPage();
    await page.goto(url);
    await page.getByRole('button', { name: 'Send', exact: true }).waitFor({ timeout: 60_000 });
    await page.waitForFunction(
      () => {
        const nodes = [...document.querySelectorAll('.react-flow__node')];
        return nodes.length > 0 && nodes.every((n) => n.checkVisibility({ visibilityProperty: true }));
      },
      null,
      { timeout: 60_000 },
    );
    // the fit runs a frame after React Flow has measured the nodes; the Details panel, after the first drawn node
    await page.waitForLoadState('networkidle');
    await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
    return (await page.evaluate(CAPTURE)) as Awaited<ReturnType<typeof capture>>;
  } finally {
    await browser.close();
  }
}

/** `&` and `"` escaped for an attribute value (the bounds are numbers: this only keeps the HTML well formed) */
const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

export function prerenderDefaultLab(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'podpath-prerender',
    apply: 'build',
    configResolved(c) {
      config = c;
    },
    closeBundle: {
      order: 'post',
      sequential: true,
      async handler() {
        const out = resolve(config.root, config.build.outDir);
        const exe = chromiumPath();
        if (!exe) {
          config.logger.warn('podpath-prerender: no Chromium (PODPATH_CHROMIUM or /usr/bin/chromium): index.html has no picture of the default lab');
          return;
        }
        const file = join(out, 'index.html');
        const html = readFileSync(file, 'utf8');
        if (html.includes(`id="${TEMPLATE_ID}"`)) return;
        const server = await serveStatic(out);
        try {
          const shot = await capture(server.url, exe);
          const template = `<template id="${TEMPLATE_ID}" data-bounds="${attr(JSON.stringify(shot.bounds))}">${shot.html}</template>`;
          if (!html.includes('<div id="root"></div>')) throw new Error('index.html has no empty <div id="root"></div>');
          writeFileSync(file, html.replace('<div id="root"></div>', `<div id="root"></div>\n    ${template}`));
          config.logger.info(`podpath-prerender: the default lab's picture, ${(shot.html.length / 1024).toFixed(1)} kB of markup, in index.html`);
        } finally {
          server.close();
        }
      },
    },
  };
}
