import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// public/boot.js lays out text in the app's font stack to load the fonts early: the stack must be
// the one main.css declares, or it warms fonts the app never uses.
describe('public/boot.js', () => {
  it('warms the font stack of main.css', () => {
    const css = readFileSync(resolve(__dirname, '../../src/styles/main.css'), 'utf8');
    const boot = readFileSync(resolve(__dirname, '../../public/boot.js'), 'utf8');
    const cssStack = /--gx-font-family:([^;]+);/.exec(css)?.[1];
    const bootStack = /const stack =([\s\S]+?);/.exec(boot)?.[1];
    const norm = (s: string | undefined) => (s ?? '').replace(/"\s*\+\s*"/g, '').replace(/["\s]/g, '');
    expect(norm(cssStack)).not.toBe('');
    expect(norm(bootStack)).toBe(norm(cssStack));
  });
});
