import { describe, expect, it } from 'vitest';
import { buildMenu } from '@/router/menu';
import { grants } from '@/permissions';

const names = (m: ReturnType<typeof buildMenu>) => m.flatMap((g) => g.items.map((i) => i.name));

describe('permission-filtered menu', () => {
  it('shows everything to an admin', () => {
    const n = names(buildMenu([], 'admin'));
    expect(n).toEqual(expect.arrayContaining(['home', 'customers', 'segments', 'insights', 'settings-users', 'settings-audit', 'settings-apikeys']));
  });

  it('shows a CSR customers and service but no segments or admin screens', () => {
    const perms = ['customers.read', 'notes.read', 'notes.write', 'tags.read', 'tickets.read', 'tickets.write', 'callcenter.read', 'shop.read'];
    const menu = buildMenu(perms, 'csr');
    const n = names(menu);
    expect(n).toContain('customers');
    expect(n).toContain('tickets');
    expect(n).toContain('settings-shop');
    expect(n).not.toContain('segments');
    expect(n).not.toContain('settings-users');
    expect(n).not.toContain('settings-apikeys');
    expect(menu.map((g) => g.key)).not.toContain('marketing');
  });

  it('drops empty groups and keeps the home entry for everyone', () => {
    const menu = buildMenu([], 'sales');
    expect(menu.map((g) => g.key)).toEqual(['home']);
  });

  it('understands wildcards', () => {
    expect(grants(['*'], 'x', 'users.manage')).toBe(true);
    expect(grants(['sales.*'], 'x', ['sales.read', 'sales.write'])).toBe(true);
    expect(grants(['sales.read'], 'x', ['sales.read', 'sales.write'])).toBe(false);
    expect(grants([], 'x', undefined)).toBe(true);
  });
});
