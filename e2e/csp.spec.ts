/**
 * The built page's Content-Security-Policy (vite.config.ts `CSP`, a meta tag in the built
 * index.html): no inline script, no eval. Under it the lab works end to end — the canvas, the
 * Details panel, the xterm terminal, the scenario editor (YAML + the validator) — and so do the
 * lessons and study pages, with zero `securitypolicyviolation` events (and, by the fixture, no
 * console errors). A last test shows the listener does catch a violation, so zero means zero.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { TerminalPane } from './pages/terminal';

type Violation = { directive: string; blocked: string; sample: string };

/** Records every CSP violation the page reports, from before its first script runs. */
async function watchViolations(page: Page): Promise<() => Promise<Violation[]>> {
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: Violation[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample }));
  });
  return () => page.evaluate(() => (window as unknown as { __csp: Violation[] }).__csp);
}

test('the built page carries a CSP without inline script or eval', async ({ page }) => {
  const res = await page.request.get('/');
  const html = await res.text();
  const meta = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)"/);
  expect(meta, 'a CSP meta tag in index.html').not.toBeNull();
  const policy = meta![1].replace(/&#39;/g, "'");
  const directives = new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([k, ...v]) => [k, v]),
  );
  expect(directives.get('script-src')).toEqual(["'self'"]);
  expect(directives.get('object-src')).toEqual(["'none'"]);
  expect(directives.get('base-uri')).toEqual(["'self'"]);
  expect(directives.get('worker-src')).toEqual(["'self'"]);
  expect(directives.get('connect-src')).toEqual(["'self'"]);
  expect(policy).not.toMatch(/unsafe-eval/);
  // the page itself has no inline script for the policy to forbid
  expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
});

test('under the CSP: canvas, Details, terminal and the scenario editor work, no violation', async ({ lab, page }) => {
  const violations = await watchViolations(page);
  await lab.goto();
  await expect(lab.canvas.locator('.react-flow__node').first()).toBeVisible();

  // the Details panel (the engine CLI, loaded after the canvas has drawn)
  await page.getByLabel('Inspect', { exact: true }).selectOption({ label: 'node1 (node)' });
  await expect(page.getByLabel('ip route output', { exact: true })).toContainText('dev flannel.1');

  const term = new TerminalPane(page);
  await term.open('node1 (node)');
  await term.run('ip route');
  await expect(term.screen).toContainText('dev flannel.1');

  // the editor: YAML parsing and the schema validator (zod) load here
  await lab.openTool('Edit scenario');
  const text = page.getByRole('textbox', { name: 'Scenario YAML' });
  await expect(text).toHaveValue(/cni: flannel/);
  const yaml = await text.inputValue();
  await text.fill(yaml.replace('mode: vxlan', 'mode: bogus'));
  await expect(page.locator('#scenario-editor-errors')).toContainText(/cluster.mode/);
  await text.fill(yaml.replace('mode: vxlan', 'mode: host-gw'));
  await expect(page.getByRole('status').filter({ hasText: /valid/ })).toBeVisible();
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByText(/^Applied/)).toBeVisible();

  await lab.sendProbe({ from: 'client', to: 'web-1' });
  await expect(lab.canvas.locator('.react-flow__node').first()).toBeVisible();
  await page.screenshot({ path: '/tmp/firstload-shots/csp-lab.png' });
  expect(await violations()).toEqual([]);
});

test('under the CSP: lessons, drills, cards and quiz pages work, no violation', async ({ page, consoleErrors }) => {
  void consoleErrors;
  const violations = await watchViolations(page);
  await page.goto('/lessons');
  const start = page.getByRole('link', { name: /^Start / }).first();
  await expect(start).toBeVisible();
  await start.click();
  await expect(page.getByRole('button', { name: /^(Next step|Finish lesson)$/ })).toBeVisible();
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
  await page.screenshot({ path: '/tmp/firstload-shots/csp-lesson.png' });
  for (const path of ['/drills', '/cards', '/quiz']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible({ timeout: 30_000 });
  }
  await page.screenshot({ path: '/tmp/firstload-shots/csp-quiz.png' });
  expect(await violations()).toEqual([]);
});

test('the CSP is enforced: an injected inline script does not run and is reported', async ({ page }) => {
  const violations = await watchViolations(page);
  await page.goto('/');
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
  const ran = await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__inlineRan = true';
    document.head.append(s);
    return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
  });
  expect(ran).toBe(false);
  await expect.poll(async () => (await violations()).map((v) => v.directive)).toContain('script-src-elem');
});
