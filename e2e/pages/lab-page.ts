/**
 * Page object for the lab page. Locators use the accessible names the issue fixes as a
 * contract ("CNI", "Mode", "kube-proxy", "From", "To", "Protocol", "Size", "Don't fragment",
 * "Send", "Play", "Pause", "Step forward", "Step back", "Speed", the "Hops" list, "Verdict",
 * the "Lookup steps" list). "To" is a text field with suggestions: any name or address.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export interface SendOptions {
  readonly from: string;
  readonly to: string;
  readonly protocol?: 'icmp' | 'tcp' | 'udp' | 'traceroute' | 'http' | 'dns';
  readonly size?: number;
  readonly df?: boolean;
}

export class LabPage {
  readonly scenario: Locator;
  readonly cni: Locator;
  readonly mode: Locator;
  readonly kubeProxy: Locator;
  readonly from: Locator;
  readonly to: Locator;
  readonly protocol: Locator;
  readonly size: Locator;
  readonly dontFragment: Locator;
  readonly send: Locator;
  readonly hops: Locator;
  readonly hopItems: Locator;
  readonly verdict: Locator;
  readonly play: Locator;
  readonly pause: Locator;
  readonly stepForward: Locator;
  readonly stepBack: Locator;
  readonly speed: Locator;
  readonly canvas: Locator;
  readonly banner: Locator;
  readonly lookupSteps: Locator;
  readonly probeChips: Locator;

  constructor(readonly page: Page) {
    this.scenario = page.getByLabel('Scenario', { exact: true });
    this.cni = page.getByLabel('CNI', { exact: true });
    this.mode = page.getByLabel('Mode', { exact: true });
    this.kubeProxy = page.getByLabel('kube-proxy', { exact: true });
    this.from = page.getByLabel('From', { exact: true });
    this.to = page.getByLabel('To', { exact: true });
    this.protocol = page.getByLabel('Protocol', { exact: true });
    this.size = page.getByLabel('Size', { exact: true });
    this.dontFragment = page.getByLabel("Don't fragment", { exact: true });
    this.send = page.getByRole('button', { name: 'Send', exact: true });
    this.hops = page.getByRole('list', { name: 'Hops', exact: true });
    this.hopItems = this.hops.getByRole('listitem');
    this.verdict = page.getByRole('status', { name: 'Verdict', exact: true });
    this.play = page.getByRole('button', { name: 'Play', exact: true });
    this.pause = page.getByRole('button', { name: 'Pause', exact: true });
    this.stepForward = page.getByRole('button', { name: 'Step forward', exact: true });
    this.stepBack = page.getByRole('button', { name: 'Step back', exact: true });
    this.speed = page.getByLabel('Speed', { exact: true });
    // the live canvas, not the build's picture of it (src/ui/prerender/show.ts) while that is on screen
    this.canvas = page.locator('#root .react-flow');
    this.banner = page.getByRole('alert');
    this.lookupSteps = page.getByRole('list', { name: 'Lookup steps', exact: true });
    this.probeChips = page.getByRole('group', { name: 'Scenario probes' });
  }

  async goto(hash = ''): Promise<void> {
    await this.page.goto(`/${hash}`);
    await expect(this.canvas.locator('.react-flow__node').first()).toBeVisible();
    await expect(this.page.locator('#prerendered-picture')).toHaveCount(0);
  }

  async pickShape(cni: string, mode: string): Promise<void> {
    await this.cni.selectOption(cni);
    await this.mode.selectOption(mode);
  }

  async sendProbe(o: SendOptions): Promise<void> {
    await this.from.selectOption(o.from);
    await this.to.fill(o.to);
    await this.protocol.selectOption(o.protocol ?? 'icmp');
    // a DNS lookup and curl have no size or DF bit
    if (o.protocol !== 'http' && o.protocol !== 'dns') {
      if (o.size !== undefined) await this.size.fill(String(o.size));
      await this.dontFragment.setChecked(o.df ?? false);
    }
    await this.send.click();
  }

  /** A scenario probe chip by its id (its accessible name also carries its last outcome). */
  chip(id: string): Locator {
    return this.probeChips.getByRole('button', { name: new RegExp(`^${id}( |$)`) });
  }

  /** A fault toggle by its label. */
  fault(label: string): Locator {
    return this.page.getByLabel(label, { exact: true });
  }

  /** The notes of the hop list items, in order. */
  async hopNotes(): Promise<string[]> {
    return this.hopItems.locator('.hop__note').allTextContents();
  }

  /** The hop the cursor is on (aria-current="step"). */
  currentHop(): Locator {
    return this.hops.locator('[aria-current="step"]');
  }

  async openTool(name: 'Details' | 'Terminal' | 'Policies' | 'Compare' | 'Flow log' | 'Edit scenario'): Promise<void> {
    await this.page.getByRole('tab', { name, exact: true }).click();
  }

  podNode(name: string): Locator {
    return this.canvas.locator('.react-flow__node-pod').filter({ hasText: name });
  }
}
