import { describe, expect, it } from 'vitest';
import { formatLabels, goTabwriter, listWithMore, tabbedString } from './kubectl-format';

describe('goTabwriter (Go text/tabwriter)', () => {
  it('aligns a column over the run of lines that have it; a tab-less line starts a new block', () => {
    expect(goTabwriter('a:\t1\nlonger:\t2\nbreak\nx:\t3\n', 0, 2)).toEqual(['a:       1', 'longer:  2', 'break', 'x:  3']);
  });

  it('pads a second column only over the lines that have one (describe’s `Port:\\t<unset>\\t80/TCP`)', () => {
    expect(tabbedString('Port:\t<unset>\t80/TCP\nTargetPort:\t8080/TCP\nNodePort:\t<unset>\t30080/TCP\nEndpoints:\t\n')).toEqual([
      'Port:        <unset>  80/TCP',
      'TargetPort:  8080/TCP',
      'NodePort:    <unset>  30080/TCP',
      'Endpoints:   ',
    ]);
  });

  it('reproduces the NodePort service describe of the research notes (formats.md §4.1) byte for byte', () => {
    const text = [
      'Name:\tweb-np',
      'Namespace:\tdefault',
      'Labels:\t<none>',
      'Annotations:\t<none>',
      'Selector:\tapp=web-np',
      'Type:\tNodePort',
      'IP Family Policy:\tSingleStack',
      'IP Families:\tIPv4',
      'IP:\t10.96.45.6',
      'IPs:\t10.96.45.6',
      'Port:\t<unset>\t80/TCP',
      'TargetPort:\t8080/TCP',
      'NodePort:\t<unset>\t30080/TCP',
      'Endpoints:\t',
      'Session Affinity:\tNone',
      'External Traffic Policy:\tCluster',
      'Internal Traffic Policy:\tCluster',
      'Events:\t<none>',
      '',
    ].join('\n');
    expect(tabbedString(text)).toEqual([
      'Name:                     web-np',
      'Namespace:                default',
      'Labels:                   <none>',
      'Annotations:              <none>',
      'Selector:                 app=web-np',
      'Type:                     NodePort',
      'IP Family Policy:         SingleStack',
      'IP Families:              IPv4',
      'IP:                       10.96.45.6',
      'IPs:                      10.96.45.6',
      'Port:                     <unset>  80/TCP',
      'TargetPort:               8080/TCP',
      'NodePort:                 <unset>  30080/TCP',
      'Endpoints:                ',
      'Session Affinity:         None',
      'External Traffic Policy:  Cluster',
      'Internal Traffic Policy:  Cluster',
      'Events:                   <none>',
    ]);
  });
});

describe('kubectl cell helpers', () => {
  it('lists at most three items, then + N more..., and <unset> for none (listWithMoreString)', () => {
    expect(listWithMore([])).toBe('<unset>');
    expect(listWithMore(['a', 'b', 'c'])).toBe('a,b,c');
    expect(listWithMore(['a', 'b', 'c', 'd', 'e'])).toBe('a,b,c + 2 more...');
  });

  it('formats a selector as labels.FormatLabels does', () => {
    expect(formatLabels({ tier: 'web', app: 'x' })).toBe('app=x,tier=web');
    expect(formatLabels(undefined)).toBe('<none>');
  });
});
