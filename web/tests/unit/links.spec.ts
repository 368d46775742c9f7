import { describe, expect, it, vi } from 'vitest';
import { customerHref, followLink } from '@/utils/links';

function click(init: MouseEventInit = {}): MouseEvent {
  return new MouseEvent('click', { button: 0, cancelable: true, ...init });
}

describe('links', () => {
  it('addresses a customer 360 by id', () => {
    expect(customerHref(42)).toBe('/customers/42');
  });

  it('follows a plain left click inside the app and keeps the browser from loading the page', () => {
    const go = vi.fn();
    const e = click();
    followLink(e, go);
    expect(go).toHaveBeenCalledOnce();
    expect(e.defaultPrevented).toBe(true);
  });

  it.each([
    ['ctrl', { ctrlKey: true }],
    ['meta', { metaKey: true }],
    ['shift', { shiftKey: true }],
    ['alt', { altKey: true }],
    ['middle button', { button: 1 }],
  ])('leaves a %s click to the browser (new tab, window, download)', (_name, init) => {
    const go = vi.fn();
    const e = click(init);
    followLink(e, go);
    expect(go).not.toHaveBeenCalled();
    expect(e.defaultPrevented).toBe(false);
  });
});
