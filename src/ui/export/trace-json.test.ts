import '../test-engine';
import { describe, expect, it } from 'vitest';
import { loadDefault } from '../store/scenarios';
import { engine } from '../store/engine-runtime';
import { TRACE_FILE_FORMAT, traceFileText, type TraceFile } from './trace-json';

describe('trace JSON export', () => {
  it("writes the engine's traces as they are, and JSON.parse gives them back", () => {
    const { scenario } = loadDefault();
    const built = engine().createLab(scenario);
    if (!built.ok) throw new Error('default scenario does not build');
    const probe = scenario.probes[1];
    const { trace } = engine().runProbe(built.lab, probe);
    const text = traceFileText(scenario.metadata.name, [{ flow: 3, at: 1200, probe, trace }]);
    const file = JSON.parse(text) as TraceFile;
    expect(file).toMatchObject({ format: TRACE_FILE_FORMAT, version: 1, scenario: 'flannel-vxlan' });
    expect(file.traces[0].trace).toEqual(JSON.parse(JSON.stringify(trace)));
    expect(file.traces[0].trace.hops.length).toBe(trace.hops.length);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('user strings stay strings: markup in a scenario name is written verbatim, escaped only as JSON escapes it', () => {
    const name = '"><svg onload=alert(1)><img src=x onerror=alert(1)>';
    const text = traceFileText(name, []);
    expect((JSON.parse(text) as TraceFile).scenario).toBe(name);
    expect(text).toContain(JSON.stringify(name));
  });
});
