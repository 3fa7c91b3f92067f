/**
 * Services and DNS on the lab page: a name is looked up first (every DNS query played as its
 * own short trace), then the connection is DNATed to an endpoint and its reply un-DNATed;
 * CoreDNS at 0 replicas fails the way the engine says; IPVS draws kube-ipvs0. The page is
 * compared with the engine's own traces for the same inputs (engine-oracle.ts).
 */
import { test, expect } from './fixtures';
import { labOf, sampleScenario, traces } from './engine-oracle';
import { flattenTrace, queryLabel } from '../src/ui/playback/flatten';
import type { ProbeSpec, Scenario } from '../src/engine';

const byName: ProbeSpec = { from: 'client', to: 'web.prod.svc.cluster.local:80', protocol: 'http' };

test('pod → web.prod.svc.cluster.local:80 (http): the lookup plays first, then the DNAT, the delivery and the un-DNAT of the reply', async ({ lab, page }) => {
  test.setTimeout(120_000); // it plays ~200 hops
  await lab.goto();
  await lab.scenario.selectOption('services-dns');
  const s = sampleScenario('services-dns');
  await expect(page.getByText(s.metadata.description!)).toBeVisible();
  await expect(lab.canvas.locator('.react-flow__node[data-id="svc:prod/web"]')).toContainText('10.96.100.10');

  await lab.sendProbe({ from: 'client', to: 'web.prod.svc.cluster.local:80', protocol: 'http' });
  await lab.pause.click();
  await lab.hopItems.first().getByRole('button').click();
  const [trace] = traces(s, [byName]);
  const played = flattenTrace(trace);
  const queries = trace.lookup!.queries;
  expect(queries.length).toBeGreaterThan(1);

  // the hop list: every query's hops, then the connection's, each query headed by its name, type and answer code
  await expect(lab.hopItems).toHaveCount(played.hops.length);
  expect(await lab.hopNotes()).toEqual(played.hops.map((h) => h.note));
  const headings = page.locator('.hop-part--query');
  await expect(headings).toHaveCount(queries.length);
  for (const [i, q] of queries.entries()) await expect(headings.nth(i)).toContainText(queryLabel(q));
  await expect(headings.first()).toContainText('web.prod.svc.cluster.local.default.svc.cluster.local A NXDOMAIN');
  // the verdict panel lists the names tried with their answer codes
  await expect(lab.verdict).toContainText('delivered');
  await expect(lab.verdict).toContainText(`backend ${trace.backend}`);
  await expect(lab.lookupSteps).toContainText('web.prod.svc.cluster.local.default.svc.cluster.local A NXDOMAIN');
  await expect(lab.lookupSteps).toContainText('web.prod.svc.cluster.local A NOERROR');

  // it animates: first a DNS query from the client, marked as such on the canvas
  await expect(lab.currentHop()).toContainText("client's resolver asks 10.96.0.10");
  await expect(page.locator('.packet--dns')).toHaveCount(1);
  await lab.speed.selectOption('4');
  await lab.play.click();
  // … then the connection: it reaches kube-proxy's DNAT, and the canvas lights the Service it translated
  const dnatAt = played.hops.findIndex((h) => h.kind === 'nat' && h.dir === 'request' && h.rewrite?.before.dst === '10.96.100.10');
  expect(dnatAt).toBeGreaterThan(played.parts.at(-1)!.start - 1);
  await expect.poll(async () => Number((await page.getByLabel('Hop position').textContent())?.split(' / ')[0]), { timeout: 45_000 }).toBeGreaterThan(dnatAt);
  await lab.pause.click();
  await expect(page.locator('.packet--dns')).toHaveCount(0);

  const dnat = played.hops[dnatAt];
  const backend = `${dnat.rewrite!.after.dst}:${dnat.rewrite!.after.dport}`;
  await lab.hopItems.nth(dnatAt).getByRole('button').click();
  await expect(lab.canvas.locator('.service-node.is-lit')).toContainText('web');
  const rewrite = page.getByLabel('Address rewrite');
  await expect(rewrite).toContainText('10.96.100.10:80');
  await expect(rewrite).toContainText(backend);
  await expect(page.getByLabel('Conntrack entry')).toContainText('[UNREPLIED]');
  await expect(page.getByText('created by this packet')).toBeVisible();
  const path = page.getByRole('list', { name: 'Jump path' });
  await expect(path).toContainText('KUBE-SERVICES');
  await expect(path).toContainText('KUBE-SVC-');
  await expect(page.locator('.decision-table .is-deciding')).toContainText(`DNAT --to-destination ${backend}`);

  // the delivery to the endpoint, and the reply un-DNATed on the way back (source back to the ClusterIP)
  const deliverAt = played.hops.findIndex((h, i) => i > dnatAt && h.kind === 'deliver' && h.dir === 'request');
  await lab.hopItems.nth(deliverAt).getByRole('button').click();
  await expect(lab.currentHop()).toContainText(`reaches the listener on ${dnat.rewrite!.after.dport}`);
  const undnatAt = played.hops.findIndex((h, i) => i > dnatAt && h.kind === 'nat' && h.dir === 'reply' && h.rewrite?.after.src === '10.96.100.10');
  await lab.hopItems.nth(undnatAt).getByRole('button').click();
  await expect(rewrite).toContainText(`${backend} →`);
  await expect(page.getByText('Decided by the conntrack entry')).toBeVisible();
  await expect(lab.canvas.locator('.service-node.is-lit')).toContainText('web');

  // the simulated HTTP server's answer says so
  const httpReply = lab.hopItems.filter({ hasText: 'simulated HTTP server' });
  await expect(httpReply).toContainText('simplified: simulated server');
  await lab.play.click();
  await expect(page.getByLabel('Hop position')).toHaveText(`${played.hops.length} / ${played.hops.length}`, { timeout: 45_000 });
  await expect(lab.verdict).toContainText('HTTP 200');
});

test('CoreDNS at 0 replicas: by name is dropped (DNS_UNREACHABLE, every query refused), by pod IP and ClusterIP still work', async ({ lab, page }) => {
  await lab.goto();
  await lab.scenario.selectOption('services-dns');
  await lab.fault('CoreDNS scaled to 0').check();
  await expect(lab.canvas.locator('.react-flow__node[data-id="svc:kube-system/kube-dns"]')).toContainText('no endpoints');

  await lab.chip('by-name').click();
  const base = sampleScenario('services-dns');
  const s: Scenario = { ...base, faults: [{ type: 'coredns-scale', replicas: 0 }] };
  const [trace] = traces(s, [base.probes[0]]);
  expect(trace).toMatchObject({ verdict: 'dropped', reason: 'DNS_UNREACHABLE' });
  await expect(lab.verdict).toContainText('dropped');
  await expect(lab.verdict).toContainText('DNS_UNREACHABLE');
  await expect(lab.verdict).toContainText('never attempted');
  const queries = trace.lookup!.queries;
  expect(queries.every((q) => q.rcode === 'UNREACHABLE')).toBe(true);
  await expect(page.locator('.hop-part--query')).toHaveCount(queries.length);
  await expect(page.locator('.hop-part--query .rcode--unreachable')).toHaveCount(queries.length);
  await expect(lab.lookupSteps.locator('.rcode--unreachable')).toHaveCount(queries.length);
  await expect(lab.hopItems).toHaveCount(flattenTrace(trace).hops.length);
  // the reject kube-proxy writes for a Service without endpoints
  await expect(lab.hopItems.filter({ hasText: 'has no endpoints' }).first()).toBeVisible();

  // works by IP, fails by name — side by side
  await page.getByRole('button', { name: 'Run all' }).click();
  const outcomes = page.getByRole('list', { name: 'Probe outcomes' });
  await expect(outcomes.getByRole('listitem').filter({ hasText: 'by-name' })).toContainText('dropped');
  await expect(outcomes.getByRole('listitem').filter({ hasText: 'by-pod-ip' })).toContainText('delivered');
  await expect(outcomes.getByRole('listitem').filter({ hasText: 'by-clusterip' })).toContainText('delivered');
});

test('an empty EndpointSlice: by pod IP works, by ClusterIP fails', async ({ lab, page }) => {
  await lab.goto();
  await lab.scenario.selectOption('services-dns');
  await lab.fault('prod/web: a typo in the selector').check();
  await expect(lab.canvas.locator('.react-flow__node[data-id="svc:prod/web"]')).toContainText('no endpoints');
  await page.getByRole('button', { name: 'Run all' }).click();
  const base = sampleScenario('services-dns');
  const expected = traces({ ...base, faults: [{ type: 'endpointslice-empty', service: 'prod/web' }] }, base.probes);
  const outcomes = page.getByRole('list', { name: 'Probe outcomes' });
  for (const [i, p] of base.probes.entries()) await expect(outcomes.getByRole('listitem').filter({ hasText: p.id! })).toContainText(expected[i].verdict);
  expect(expected[1].verdict).not.toBe('delivered');
  expect(expected[2].verdict).toBe('delivered');
});

test('kube-proxy in IPVS mode: kube-ipvs0 on every node, the ClusterIP still reaches an endpoint', async ({ lab }) => {
  await lab.goto();
  await lab.scenario.selectOption('services-dns');
  await expect(lab.kubeProxy).toHaveValue('iptables');
  await expect(lab.canvas.locator('.device-node--dummy')).toHaveCount(0);
  await lab.kubeProxy.selectOption('ipvs');
  const base = sampleScenario('services-dns');
  const s: Scenario = { ...base, cluster: { ...base.cluster, kubeProxy: 'ipvs' } };
  const cluster = labOf(s).cluster;
  const dummies = cluster.nodes.filter((n) => cluster.netns[n.netns]?.interfaces.some((d) => d.name === 'kube-ipvs0'));
  await expect(lab.canvas.locator('.device-node--dummy')).toHaveCount(dummies.length);
  if (dummies.length) {
    await expect(lab.canvas.locator('.react-flow__node[data-id="dev:node1/kube-ipvs0"]')).toContainText('DOWN');
    await expect(lab.canvas.locator('.react-flow__node[data-id="dev:node1/kube-ipvs0"] .device-node')).toHaveClass(/is-down/);
  }
  await lab.chip('by-clusterip').click();
  const [trace] = traces(s, [base.probes[1]]);
  await expect(lab.hopItems).toHaveCount(trace.hops.length);
  await expect(lab.verdict).toContainText(trace.verdict);
});

test('To takes any name or address, and says what is wrong with a bad one', async ({ lab, page }) => {
  await lab.goto();
  await lab.to.fill('');
  await expect(lab.to).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Enter a destination')).toBeVisible();
  await lab.send.click();
  await expect(lab.verdict).toContainText('No packet sent yet');
  await lab.to.fill('web:http');
  await expect(page.getByText('After “:” comes a port number')).toBeVisible();
  // a name the cluster does not know: the engine answers (NXDOMAIN for every name tried)
  await lab.sendProbe({ from: 'client', to: 'no-such-service', protocol: 'dns' });
  await expect(lab.to).toHaveAttribute('aria-invalid', 'false');
  await expect(lab.verdict).toContainText('NXDOMAIN');
  await expect(lab.lookupSteps).toContainText('no-such-service.default.svc.cluster.local A NXDOMAIN');
});

test('what the lab simplifies: a dialog from the top, and the tag where a simplification applies', async ({ lab, page }) => {
  await lab.goto();
  await page.getByRole('button', { name: 'What the lab simplifies' }).click();
  const dialog = page.getByRole('dialog', { name: 'What the lab simplifies' });
  await expect(dialog).toContainText('2025-01-01 00:00:00 UTC');
  await expect(dialog).toContainText('ICMP rate limiting is not modelled');
  await expect(dialog).toContainText('src/engine/trace/lookup.ts');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);

  await lab.scenario.selectOption('services-dns');
  await lab.chip('by-pod-ip').click();
  await lab.pause.click();
  await lab.hopItems.filter({ hasText: 'simulated HTTP server' }).getByRole('button').click();
  await page.getByRole('button', { name: 'All simplifications' }).click();
  await expect(page.locator('.simplifications li.is-focus')).toContainText('The servers are simulated');
});
