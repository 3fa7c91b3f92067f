/**
 * The page's half of `npm run bench`: the initial JavaScript a learner downloads (gzip),
 * the chunks split out of the first load, and the long tasks (> 50 ms main-thread blocks,
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

function kb(n: number): string {
  return `${(n / 1024).toFixed(1)} kB`;
}

function bundleReport(): void {
  if (!existsSync(join(DIST, 'index.html'))) spawnSync('npx', ['vite', 'build'], { stdio: 'ignore' });
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const initial = new Set([...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]));
  const all = readdirSync(join(DIST, 'assets')).filter((f) => f.endsWith('.js'));
  const size = (f: string) => gzipSync(readFileSync(join(DIST, f))).length;
  const first = [...initial].reduce((n, f) => n + size(f), 0);
  const lazy = all.filter((f) => !initial.has(`assets/${f}`));
  const css = readdirSync(join(DIST, 'assets')).filter((f) => f.endsWith('.css'));
  console.log(`  initial JavaScript: ${kb(first)} gzip in ${initial.size} file(s)`);
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
    await page.goto(`http://127.0.0.1:${PORT}/`);
    await page.getByRole('button', { name: 'Send' }).waitFor();
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
