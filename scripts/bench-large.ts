/**
 * The large-cluster part of `npm run bench` (issue 9, "Large clusters stay responsive"): a
 * Flannel VXLAN cluster of 200 nodes and 2,000 pods (scripts/large-cluster.ts).
 *
 * Engine half (Node): validate + createLab, a cross-node ping and a pod → Service curl on a
 * fresh lab, and a fault toggle as the lab store does it (createLab of the edited scenario,
 * then the last probe again) — medians of a few runs.
 *
 * Page half (Chromium, the built dist/ served by scripts/static-site.ts): the scenario arrives as a
 * v2 share link (`#v=2&s=base64url(deflate-raw(JSON))`); then a probe chip is clicked and a fault
 * switched on and off, then a probe and a fault again with node1 picked in the Details tab (its CLI
 * outputs print for every new lab). For each action it prints the milliseconds from the click to
 * the first frame painted with the packet on screen (the hop list's data-play-id changed: the
 * first rAF after that, then a task after its paint), the main thread's CPU time in that span, and
 * the main-thread time of the long tasks (PerformanceObserver 'longtask', > 50 ms blocks) in the second after it.
 * Numbers are printed, never asserted. BENCH_LARGE_DIST (dist) chooses the build served;
 * `--engine` or `--page` runs one half.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createLab, runProbe, type Lab, type FaultSpec, type Scenario } from '../src/engine';
import { validateScenario } from '../src/engine/io';
import { resolve } from 'node:path';
import { largeClusterHash, largeClusterScenario } from './large-cluster';
import { chromiumPath, serveStatic } from './static-site';

const NODES = 200;
const PODS = 2000;

const fmt = (x: number) => x.toFixed(1);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Wall and CPU ms of `f` (process CPU time: on a busy machine wall time includes waiting for a core). */
function timed<T>(f: () => T): { ms: number; cpu: number; value: T } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = f();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { ms, cpu: (c.user + c.system) / 1000, value };
}

function build(sc: Scenario): Lab {
  const r = createLab(sc);
  if (!r.ok) throw new Error(`the large scenario does not build: ${r.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  return r.lab;
}

/** A fault the learner would toggle on this lab: node1 loses its route to node2's pods. */
function routeFault(lab: Lab): FaultSpec {
  const n2 = lab.cluster.nodes[1];
  return { type: 'delete-route', node: lab.cluster.nodes[0].name, dst: `${n2.podCidr.net}/${n2.podCidr.prefix}` };
}

export function engineHalf(runs = 5): void {
  const raw = largeClusterScenario({ nodes: NODES, pods: PODS });
  const v = timed(() => validateScenario(raw));
  if (!v.value.ok) throw new Error(v.value.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  const sc = v.value.scenario;
  const first = timed(() => build(sc));
  const namespaces = Object.keys(first.value.cluster.netns).length;
  console.log(`  engine: validate ${fmt(v.cpu)} ms CPU, first createLab ${fmt(first.cpu)} ms CPU (${fmt(first.ms)} ms wall; ${namespaces} namespaces)`);
  const creates: { ms: number; cpu: number }[] = [];
  const probes = new Map<string, { ms: number; cpu: number }[]>();
  const toggles: { ms: number; cpu: number }[] = [];
  for (let i = 0; i < runs; i++) {
    // a scenario object of its own each run: nothing remembered from an earlier run's objects
    const fresh = validateScenario(largeClusterScenario({ nodes: NODES, pods: PODS }));
    if (!fresh.ok) throw new Error('the large scenario stopped validating');
    const c = timed(() => build(fresh.scenario));
    creates.push(c);
    let lab = c.value;
    for (const p of fresh.scenario.probes) {
      const r = timed(() => runProbe(c.value, p));
      probes.set(p.id ?? p.to, [...(probes.get(p.id ?? p.to) ?? []), r]);
      lab = r.value.lab;
    }
    // the lab store's rebuild: the edited scenario (the same cluster spec, one more fault) is built and the last probe runs again
    const probe = fresh.scenario.probes[0];
    const on = { ...fresh.scenario, faults: [...fresh.scenario.faults, routeFault(lab)] };
    toggles.push(timed(() => runProbe(build(on), probe)));
  }
  const med = (xs: { ms: number; cpu: number }[]) => `${fmt(median(xs.map((x) => x.cpu)))} ms CPU (${fmt(median(xs.map((x) => x.ms)))} ms wall)`;
  console.log(`  engine: createLab of a new scenario object: median ${med(creates)} of ${runs}`);
  for (const [id, ms] of probes) console.log(`  engine: probe ${id} on a fresh lab: median ${med(ms)}`);
  console.log(`  engine: fault toggle (createLab of the edited scenario + the probe again): median ${med(toggles)}`);
}

interface Measured {
  /** wall ms from the click to the first frame painted with the packet on screen */
  readonly frame: number;
  /** main-thread CPU ms (trace `tdur`) from the click to that frame, and in the second after the click */
  readonly cpuFrame: number;
  readonly cpuSecond: number;
  /** wall ms of long tasks (> 50 ms) in that second */
  readonly longTasks: number;
}

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly ts: number;
  readonly dur?: number;
  readonly tdur?: number;
  readonly pid: number;
  readonly tid: number;
  readonly args?: { readonly name?: string; readonly data?: { readonly message?: string } };
}

/**
 * Main-thread CPU time in [from, to] (µs, trace clock): the renderer main thread's tasks, each
 * counted by its thread time (`tdur`), a task cut by the window in proportion. Thread time, not
 * wall time: on a busy machine a task's wall time includes the time it waited for a core.
 */
function mainThreadCpu(events: readonly TraceEvent[], from: number, to: number): number {
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) return NaN;
  let us = 0;
  for (const e of events) {
    if (e.name !== 'RunTask' || e.ph !== 'X' || e.pid !== main.pid || e.tid !== main.tid || !e.dur) continue;
    const overlap = Math.min(to, e.ts + e.dur) - Math.max(from, e.ts);
    if (overlap > 0) us += (e.tdur ?? e.dur) * (overlap / e.dur);
  }
  return us / 1000;
}

export async function pageHalf(): Promise<void> {
  const { chromium } = await import('@playwright/test');
  const dist = process.env.BENCH_LARGE_DIST ?? 'dist';
  if (!existsSync(`${dist}/index.html`)) spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--outDir', dist], { stdio: 'ignore' });
  const server = await serveStatic(resolve(dist));
  try {
    const browser = await chromium.launch({
      executablePath: chromiumPath(),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript(() => {
      const w = window as unknown as { __lt: { start: number; duration: number }[] };
      w.__lt = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__lt.push({ start: e.startTime, duration: e.duration }))).observe({
        type: 'longtask',
        buffered: true,
      });
      // the verdict at once (no predict-first prompt), as the e2e fixture does
      localStorage.setItem('podpath.verdictAtOnce', '1');
    });
    const hash = largeClusterHash({ nodes: NODES, pods: PODS });
    const t0 = Date.now();
    await page.goto(`${server.url}${hash}`);
    await page.getByRole('group', { name: 'Scenario probes' }).waitFor({ timeout: 180_000 });
    // the page shows the default lab first; the link's lab replaces it once decoded and built (its description in the strip)
    await page.getByText(`${NODES} nodes, ${PODS} pods`).first().waitFor({ timeout: 180_000 });
    await page.locator('.react-flow__node').first().waitFor({ timeout: 180_000 });
    const loadLong = await page.evaluate(() => (window as unknown as { __lt: { duration: number }[] }).__lt.reduce((a, b) => a + b.duration, 0));
    const drawn = await page.locator('.react-flow__node').count();
    console.log(
      `  page: the share link (${(hash.length / 1024).toFixed(0)} kB) loaded in ${Date.now() - t0} ms, ${fmt(loadLong)} ms of long tasks; ${drawn} canvas nodes drawn`,
    );
    await page.waitForTimeout(1000);

    /** Clicks the element; times the first frame after it and the main thread's work (a Chromium trace around it). */
    const measure = async (selector: { role: 'button' | 'switch'; name: RegExp | string }): Promise<Measured> => {
      const target = page.getByRole(selector.role, { name: selector.name }).first();
      await target.evaluate((el) => el.setAttribute('data-bench-target', '1'));
      await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
      const r = await page.evaluate(async () => {
        const w = window as unknown as { __lt: { start: number; duration: number }[] };
        const el = document.querySelector('[data-bench-target]') as HTMLElement;
        el.removeAttribute('data-bench-target');
        // the frame that shows the packet, not merely the first after the click: the hop list names each play (data-play-id)
        // (no function declared in here: tsx would wrap it in a helper the page does not have)
        const before = document.querySelector('.hop-list')?.getAttribute('data-play-id');
        console.timeStamp('bench:start');
        const start = performance.now();
        el.click();
        // the first animation frame after the list took the new packet paints it; a task queued in its rAF runs after that paint
        do await new Promise((res) => requestAnimationFrame(res));
        while (document.querySelector('.hop-list')?.getAttribute('data-play-id') === before);
        const frame = await new Promise<number>((res) => setTimeout(() => res(performance.now() - start), 0));
        console.timeStamp('bench:frame');
        await new Promise((res) => setTimeout(res, 1000));
        console.timeStamp('bench:end');
        const after = w.__lt.filter((t) => t.start >= start - 1);
        return { frame, longTasks: after.reduce((a, b) => a + b.duration, 0) };
      });
      const buf = await browser.stopTracing();
      const parsed = JSON.parse(buf.toString('utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
      const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
      const mark = (m: string) => events.find((e) => e.name === 'TimeStamp' && e.args?.data?.message === m)?.ts ?? NaN;
      const [start, frame, end] = [mark('bench:start'), mark('bench:frame'), mark('bench:end')];
      await page.waitForTimeout(500);
      return { ...r, cpuFrame: mainThreadCpu(events, start, frame), cpuSecond: mainThreadCpu(events, start, end) };
    };
    const show = (label: string, m: Measured) =>
      console.log(
        `  page: ${label}: main thread ${fmt(m.cpuFrame)} ms CPU to the frame showing it (${fmt(m.frame)} ms wall), ${fmt(m.cpuSecond)} ms CPU in the second after; long tasks ${fmt(m.longTasks)} ms wall`,
      );
    show('probe chip cross-node (first)', await measure({ role: 'button', name: /^cross-node/ }));
    show('probe chip cross-node (again)', await measure({ role: 'button', name: /^cross-node/ }));
    show('probe chip service (pod → Service by name)', await measure({ role: 'button', name: /^service/ }));
    show('fault on (node1 loses its route to node2’s pods)', await measure({ role: 'switch', name: /loses its route/ }));
    show('fault off', await measure({ role: 'switch', name: /loses its route/ }));
    // the Details tab prints `ip addr`, `ip route`, `ip neigh`, `bridge fdb show` of what is inspected: with node1 picked, every new lab prints them again
    await page.getByLabel('Inspect', { exact: true }).selectOption({ label: 'node1 (node)' });
    await page.waitForTimeout(1000);
    show('probe chip cross-node, node1 in Details', await measure({ role: 'button', name: /^cross-node/ }));
    show('fault on, node1 in Details', await measure({ role: 'switch', name: /loses its route/ }));
    await page.screenshot({ path: process.env.BENCH_LARGE_SHOT ?? '/tmp/bench-large.png' });
    await browser.close();
  } finally {
    server.close();
  }
}

const only = process.argv[2];
console.log(`podpath large-cluster bench (${NODES} nodes × ${PODS} pods, Flannel VXLAN; node ${process.version})`);
if (only !== '--page') engineHalf();
if (only !== '--engine') await pageHalf();
