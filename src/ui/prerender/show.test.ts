import { describe, expect, it } from 'vitest';
import { opensDefaultLab, parseBounds } from './show';

const root = { pathname: '/', hash: '', search: '', phone: false, base: '/' };

describe('opensDefaultLab: the picture is of the lab at the app root, nothing else', () => {
  it('the root, on a laptop or a projector', () => {
    expect(opensDefaultLab(root)).toBe(true);
  });
  it('not another route, a share link, a query or the phone layout', () => {
    expect(opensDefaultLab({ ...root, pathname: '/lessons' })).toBe(false);
    expect(opensDefaultLab({ ...root, pathname: '/cards/due' })).toBe(false);
    expect(opensDefaultLab({ ...root, hash: '#v=2&s=abc' })).toBe(false);
    expect(opensDefaultLab({ ...root, hash: '#scenario=abc' })).toBe(false);
    expect(opensDefaultLab({ ...root, search: '?x=1' })).toBe(false);
    expect(opensDefaultLab({ ...root, phone: true })).toBe(false);
  });
  it('under a base path, its root with or without the slash', () => {
    const base = '/podpath/';
    expect(opensDefaultLab({ ...root, base, pathname: '/podpath/' })).toBe(true);
    expect(opensDefaultLab({ ...root, base, pathname: '/podpath' })).toBe(true);
    expect(opensDefaultLab({ ...root, base, pathname: '/' })).toBe(false);
    expect(opensDefaultLab({ ...root, base, pathname: '/podpath/lessons' })).toBe(false);
  });
});

describe('parseBounds: the build-written drawing bounds', () => {
  it('reads four finite numbers with a size', () => {
    expect(parseBounds('{"x":-20,"y":-122,"width":952,"height":668}')).toEqual({ x: -20, y: -122, width: 952, height: 668 });
  });
  it('refuses anything else, without throwing', () => {
    for (const t of [undefined, '', 'null', '[]', '{', '{"x":0,"y":0,"width":0,"height":5}', '{"x":"0","y":0,"width":1,"height":1}', '{"x":0,"y":0,"width":1}'])
      expect(parseBounds(t), String(t)).toBeNull();
  });
});
