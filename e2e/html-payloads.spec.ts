/**
 * HTML and script payloads through every input (issue 10 "Hardening"): a scenario applied in the
 * editor (its name, description, annotations, node zone and labels, pod labels, an outside
 * host, a probe id), the share link that scenario writes, manifests pasted in, terminal lines,
 * a progress file. Nothing may run — no dialog, no injected element, `window.__pwned` unset —
 * and each string shows as text where the lab prints it (the scenario strip, the probe chips,
 * the canvas, the terminal, the editor's messages) and comes back unchanged from the exported
 * scenario YAML and trace JSON. Names the schema refuses (DNS-1123) are refused with a message
 * that shows the value as text.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { parse } from 'yaml';
import { test, expect } from './fixtures';
import { TerminalPane } from './pages/terminal';

const IMG = '<img src=x onerror="window.__pwned=1">';
const SCRIPT = '<script>window.__pwned=2</script>';
const SVG = '"><svg onload="window.__pwned=3">';
// no double quotes: messages that quote a value (JSON.stringify) then show it as typed
const BARE = '<img src=x onerror=window.__pwned=4>';
const q = JSON.stringify;

const SCENARIO = `apiVersion: podpath/v1
kind: Scenario
metadata:
  name: ${q(IMG)}
  description: ${q(SCRIPT)}
  annotations: { note: ${q(SVG)} }
cluster:
  cni: flannel
  mode: vxlan
  kubeProxy: iptables
  underlayMTU: 1500
  nodes:
    - { name: node1, ip: 192.168.1.10, zone: ${q(SVG)}, labels: { rack: ${q(IMG)} } }
    - { name: node2, ip: 192.168.1.11 }
  pods:
    - { name: client, namespace: default, node: node1, labels: { app: client, note: ${q(BARE)} } }
    - { name: web-0, namespace: default, node: node1, labels: { app: web }, ports: [8080] }
    - { name: web-1, namespace: default, node: node2, labels: { app: web, ${q(SCRIPT)}: x }, ports: [8080] }
  externalHosts:
    - { name: ${q(BARE)}, ip: 203.0.113.10 }
probes:
  - { id: ${q(SVG)}, from: client, to: web-0, protocol: icmp, size: 56 }
  - { id: cross-node, from: client, to: web-1, protocol: icmp, size: 56 }
`;

/** Records every element added to the page that a payload would add, from the first script on. */
async function watch(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __injected: string[] };
    w.__injected = [];
    new MutationObserver((records) => {
      for (const r of records)
        for (const n of r.addedNodes) {
          if (!(n instanceof Element)) continue;
          for (const el of [n, ...n.querySelectorAll('*')]) {
            const tag = el.tagName.toLowerCase();
            // the page's own bundle arrives as a module script from /assets/; any other script is a payload's
            const own = tag === 'script' && /^\/assets\/[\w-]+\.js$/.test(el.getAttribute('src') ?? '');
            if ((tag === 'script' && !own) || (tag === 'img' && el.getAttribute('src') === 'x') || el.hasAttribute('onload') || el.hasAttribute('onerror'))
              w.__injected.push(el.outerHTML.slice(0, 120));
          }
        }
    }).observe(document, { childList: true, subtree: true });
  });
}

async function expectNothingRan(page: Page, dialogs: readonly string[]): Promise<void> {
  expect(dialogs, 'dialogs opened').toEqual([]);
  const state = await page.evaluate(() => ({
    pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
    injected: (window as unknown as { __injected: string[] }).__injected,
    imgX: document.querySelectorAll('img[src="x"]').length,
    svgOnload: document.querySelectorAll('svg[onload]').length,
  }));
  expect(state).toEqual({ pwned: null, injected: [], imgX: 0, svgOnload: 0 });
}

function dialogsOf(page: Page): string[] {
  const seen: string[] = [];
  page.on('dialog', (d) => {
    seen.push(d.message());
    void d.dismiss();
  });
  return seen;
}

const flat = (s: string) => s.replace(/\u00a0/g, ' ');

test('a scenario full of markup: applied, drawn, printed, linked and exported as text, and nothing runs', async ({ lab, page }) => {
  const dialogs = dialogsOf(page);
  await watch(page);
  await lab.goto();
  await lab.openTool('Edit scenario');
  await page.getByRole('textbox', { name: 'Scenario YAML' }).fill(SCENARIO);
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByText(/^Applied/)).toBeVisible();

  // as text: the scenario strip, the probe chips, the outside host on the canvas
  const strip = page.locator('.scenario-strip__desc');
  await expect(strip).toContainText(IMG);
  await expect(strip).toContainText(SCRIPT);
  await expect(lab.probeChips).toContainText(SVG);
  await expect(lab.canvas).toContainText(BARE);
  await page.screenshot({ path: '/tmp/harden-shots/payloads-lab.png' });

  // the terminal prints labels and echoes what it cannot resolve
  const term = new TerminalPane(page);
  await term.open('client (pod on node1)');
  await term.run(`ping -c 1 '${SVG}'`);
  await expect.poll(async () => flat(await term.text())).toContain(`ping: ${SVG}: Name or service not known`);
  await term.run('kubectl describe pod client');
  await expect.poll(async () => flat(await term.text())).toContain('Events:');
  // the labels are near the top of the description: scroll the terminal back to them
  await page.locator('.terminal-pane__screen .xterm-screen').hover();
  await expect
    .poll(async () => {
      await page.mouse.wheel(0, -100);
      return flat(await term.text());
    })
    .toContain(`note=${BARE}`);
  await page.screenshot({ path: '/tmp/harden-shots/payloads-terminal.png' });

  // the saved scenario YAML gives every string back unchanged
  await lab.openTool('Edit scenario');
  const [saved] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save to file' }).click()]);
  expect(saved.suggestedFilename()).toBe('img-src-x-onerror-window.__pwned-1.yaml');
  const doc = parse(readFileSync((await saved.path())!, 'utf8')) as {
    metadata: { name: string; description: string; annotations: { note: string } };
    cluster: { nodes: { zone?: string; labels?: Record<string, string> }[]; pods: { labels: Record<string, string> }[]; externalHosts: { name: string }[] };
    probes: { id: string }[];
  };
  expect(doc.metadata).toEqual({ name: IMG, description: SCRIPT, annotations: { note: SVG } });
  expect(doc.cluster.nodes[0]).toMatchObject({ zone: SVG, labels: { rack: IMG } });
  expect(doc.cluster.pods[2].labels[SCRIPT]).toBe('x');
  expect(doc.cluster.externalHosts[0].name).toBe(BARE);
  expect(doc.probes[0].id).toBe(SVG);

  // the trace JSON names the scenario as it is
  await lab.probeChips.getByRole('button').first().click();
  await expect(lab.verdict).toContainText('delivered');
  await lab.openTool('Flow log');
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('tabpanel').getByRole('button', { name: 'Export JSON' }).click()]);
  expect((JSON.parse(readFileSync((await json.path())!, 'utf8')) as { scenario: string }).scenario).toBe(IMG);

  // the share link the lab wrote opens the same scenario, still as text
  await expect.poll(() => page.url()).toContain('#');
  const link = page.url();
  await page.goto('/lessons');
  await page.goto(link);
  await expect(page.locator('.scenario-strip__desc')).toContainText(IMG);
  await expect(lab.probeChips).toContainText(SVG);
  await expectNothingRan(page, dialogs);
});

test('manifests and names the schema refuses: the refusal shows the value as text; accepted markup stays text', async ({ lab, page }) => {
  const dialogs = dialogsOf(page);
  await watch(page);
  await lab.goto();
  await lab.openTool('Edit scenario');
  const manifests = page.getByRole('textbox', { name: 'Kubernetes manifests' });
  await manifests.fill(`apiVersion: v1\nkind: Pod\nmetadata: { name: ${q(BARE)} }\nspec: { containers: [{ name: c, image: nginx }] }\n`);
  await page.getByRole('button', { name: 'Import into the scenario' }).click();
  const message = page.locator('.scenario-editor__message');
  await expect(message).toContainText('The manifests were not imported');
  await expect(message).toContainText(BARE);
  await page.screenshot({ path: '/tmp/harden-shots/payloads-manifest-refused.png' });

  // annotations and label values are free text: imported, and the pod is drawn
  await manifests.fill(
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: extra\n  annotations: { note: ${q(IMG)} }\n  labels: { app: extra }\nspec: { containers: [{ name: c, image: nginx }] }\n`,
  );
  await page.getByRole('button', { name: 'Import into the scenario' }).click();
  await expect(message).toContainText('Imported into the editor');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(lab.podNode('extra')).toBeVisible();

  // a pod name that is not DNS-1123, typed into the scenario: refused at its field
  const text = page.getByRole('textbox', { name: 'Scenario YAML' });
  const yaml = await text.inputValue();
  await text.fill(yaml.replace(/name: client\b/, `name: ${q(BARE)}`));
  await expect(page.locator('#scenario-editor-errors')).toContainText(/pods\[\d+\]\.name: must be a DNS-1123 name/);

  // the terminal: a line with markup is echoed back as text
  const term = new TerminalPane(page);
  await term.open('client (pod on node1)');
  await term.run(`nslookup '${BARE}'`);
  await expect.poll(async () => flat(await term.text())).toContain(BARE);
  await expectNothingRan(page, dialogs);
});

test('a progress file with markup: refused with the value shown as text, or imported as data', async ({ lab, page }) => {
  void lab;
  const dialogs = dialogsOf(page);
  await watch(page);
  await page.goto('/lessons');
  const picker = page.getByLabel('Progress file to import');
  await picker.setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(q({ format: BARE, progress: {} })) });
  const msg = page.locator('.progress-file__msg');
  await expect(msg).toContainText(`its format is "${BARE}"`);
  const good = {
    format: 'podpath-progress',
    version: 1,
    exported: '2026-12-02T00:00:00.000Z',
    progress: {
      version: 1,
      lessons: { [IMG]: { step: SVG, done: { [SVG]: 1 } } },
      cards: {},
      extraCards: [`quiz:${SCRIPT}`],
      quiz: [{ at: '2026-12-02T00:00:00.000Z', mode: 'practice', answers: [{ questionId: SVG, correct: false, given: SCRIPT }], byDomain: {} }],
      drills: [],
    },
  };
  await picker.setInputFiles({ name: 'good.json', mimeType: 'application/json', buffer: Buffer.from(q(good)) });
  await expect(msg).not.toContainText('format');
  await expect(msg).toHaveClass(/is-ok/);
  for (const path of ['/cards', '/quiz', '/lessons']) {
    await page.goto(path);
    await expect(page.getByRole('main')).toBeVisible();
    await expectNothingRan(page, dialogs);
  }
  await page.screenshot({ path: '/tmp/harden-shots/payloads-progress.png' });
});
