import { describe, expect, it } from 'vitest';
import { heredocFeed, heredocStart, pastedLines } from './heredoc';

describe('here-documents', () => {
  it('opens on <<EOF, <<\'EOF\' and <<"END"', () => {
    expect(heredocStart('kubectl apply -f - <<EOF')).toEqual({ command: 'kubectl apply -f -', delimiter: 'EOF', lines: [] });
    expect(heredocStart("kubectl apply -f - <<'EOF'")?.delimiter).toBe('EOF');
    expect(heredocStart('cat <<"END"')?.delimiter).toBe('END');
    expect(heredocStart('kubectl get pods')).toBeUndefined();
    expect(heredocStart('<<EOF')).toBeUndefined();
    expect(heredocStart('cat <<-EOF')).toBeUndefined();
  });
  it('collects lines until the delimiter alone on a line', () => {
    let h = heredocStart('kubectl apply -f - <<EOF')!;
    for (const l of ['apiVersion: v1', '  kind: EOF-ish', ' EOF']) {
      const r = heredocFeed(h, l);
      expect(r.done).toBe(false);
      if (!r.done) h = r.heredoc;
    }
    expect(heredocFeed(h, 'EOF')).toEqual({ done: true, command: 'kubectl apply -f -', stdin: 'apiVersion: v1\n  kind: EOF-ish\n EOF\n' });
  });
  it('a paste keeps its lines only when it is a here-document', () => {
    expect(pastedLines('kubectl apply -f - <<EOF\nkind: Service\nEOF\n', false, '')).toEqual(['kubectl apply -f - <<EOF', 'kind: Service', 'EOF', '']);
    expect(pastedLines('ls\nrm -rf\n', false, '')).toBeUndefined();
    expect(pastedLines('a: 1\nEOF', true, '')).toEqual(['a: 1', 'EOF']);
  });
});
