/**
 * The page's half of `npm run bench`: the initial JavaScript a learner downloads (gzip), as a
 * multiple of a bare React Flow page's (scripts/bare-react-flow, same build settings; the
 * brief's budget is 1.3×), the chunks split out of the first load, the JavaScript fetched
 * before the lab is ready to send (the engine arrives after the first paint), and the long tasks (> 50 ms main-thread blocks,
 * PerformanceObserver 'longtask') during one playback of a cross-node ping in Chromium.
 * Builds first when dist/ is missing. Numbers are printed, never asserted.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';

const DIST = 'dist';
const PORT = 4179;
const BARE = 'scripts/bare-react-flow';
const BARE_DIST = 'node_modules/.cache/bare-react-flow';

function kb(n: number): string {
  return `${(n / 1024).toFixed(1)} kB`;
}

/** The gzip size of the scripts an index.html loads (its module script and modulepreloads). */
function initialScripts(dist: string): { files: Set<string>; bytes: number } {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const files = new Set([...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]));
  return { files, bytes: [...files].reduce((n, f) => n + gzipSize(join(dist, f)), 0) };
}

function gzipSize(file: string): number {
  return gzipSync(readFileSync(file)).length;
}

function bundleReport(): void {
  // always rebuild: numbers from a stale dist/ would describe another commit
  spawnSync('npx', ['vite', 'build'], { stdio: 'ignore' });
  spawnSync('npx', ['vite', 'build', '--config', join(BARE, 'vite.config.ts')], { stdio: 'ignore' });
  const app = initialScripts(DIST);
  const bare = initialScripts(BARE_DIST);
  const all = readdirSync(join(DIST, 'assets')).filter((f) => f.endsWith('.js'));
  const size = (f: string) => gzipSize(join(DIST, f));
  const lazy = all.filter((f) => !app.files.has(`assets/${f}`));
  const css = readdirSync(join(DIST, 'assets')).filter((f) => f.endsWith('.css'));
  console.log(`  initial JavaScript: ${kb(app.bytes)} gzip in ${app.files.size} file(s)`);
  console.log(`  a bare React Flow page: ${kb(bare.bytes)} gzip; the lab's first load is ${(app.bytes / bare.bytes).toFixed(2)}× (budget 1.3×)`);
  console.log(`  CSS: ${kb(css.reduce((n, f) => n + size(`assets/${f}`), 0))} gzip`);
  console.log(`  split out of the first load: ${lazy.length} chunk(s), ${kb(lazy.reduce((n, f) => n + size(`assets/${f}`), 0))} gzip`);
  for (const f of lazy.sort()) console.log(`    ${f.padEnd(40)} ${kb(size(`assets/${f}`))}`);
}

async function longTasks(): Promise<void> {
  const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'], { stdio: 'ignore' });
  try {
    for (let i = 0; i < 100; i++) {
      const up = await fetch(`http://127.0.0.1:${PORT}/`)
        .then((r) => r.ok)
        .catch(() => false);
      if (up) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const exe = process.env.PODPATH_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
    const browser = await chromium.launch({
      executablePath: exe,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript(() => {
      const w = window as unknown as { __longTasks: number[] };
      w.__longTasks = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__longTasks.push(e.duration))).observe({ type: 'longtask', buffered: true });
    });
    const fetched = new Set<string>();
    page.on('response', (r) => {
      const path = new URL(r.url()).pathname;
      if (path.endsWith('.js')) fetched.add(path.slice(1));
    });
    await page.goto(`http://127.0.0.1:${PORT}/`);
    await page.getByRole('button', { name: 'Send' }).waitFor();
    const ready = [...fetched].reduce((n, f) => n + gzipSize(join(DIST, f)), 0);
    console.log(`  JavaScript fetched before the lab is ready to send: ${kb(ready)} gzip in ${fetched.size} file(s)`);
    const atLoad = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks.slice());
    await page
      .getByLabel('From')
      .selectOption({ label: 'client' })
      .catch(() => undefined);
    await page
      .getByLabel('To')
      .fill?.('web-1')
      .catch?.(() => undefined);
    await page.getByRole('button', { name: 'Send' }).click();
    await page
      .getByRole('button', { name: 'Play' })
      .click()
      .catch(() => undefined);
    await page.waitForTimeout(8000);
    const all = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks.slice());
    const during = all.slice(atLoad.length);
    const max = (xs: number[]) => (xs.length ? Math.max(...xs).toFixed(0) : '0');
    console.log(`  long tasks while loading: ${atLoad.length} (longest ${max(atLoad)} ms)`);
    console.log(
      `  long tasks during a send + 8 s of playback: ${during.length} (longest ${max(during)} ms, total ${during.reduce((a, b) => a + b, 0).toFixed(0)} ms)`,
    );
    await browser.close();
  } finally {
    server.kill();
  }
}

console.log('podpath page bench');
bundleReport();
await longTasks();
