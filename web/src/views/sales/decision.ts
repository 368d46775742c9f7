// The account's decision chain (unit-tested): contacts grouped by decision role, and the
// reports-to tree for el-tree.
import { DECISION_ROLES, type AccountDetail, type Contact } from '@/api/sales';

export interface RoleGroup { role: string; contacts: Contact[] }
export interface TreeNode { id: number; label: string; contact: Contact; children: TreeNode[] }

/** Contacts per role in the order 决策者, 采购负责人, 使用者, 影响者, 把关者, then no role; empty roles kept. */
export function groupByRole(contacts: Contact[]): RoleGroup[] {
  const order = [...DECISION_ROLES, ''] as string[];
  const groups: RoleGroup[] = order.map((role) => ({ role, contacts: [] }));
  for (const c of contacts) {
    const role = order.includes(c.decision_role) ? c.decision_role : '';
    groups.find((g) => g.role === role)!.contacts.push(c);
  }
  for (const g of groups) g.contacts.sort((a, b) => (b.influence ?? 0) - (a.influence ?? 0) || a.name.localeCompare(b.name));
  return groups;
}

/**
 * The reports-to tree: roots are contacts whose manager is not among the account's contacts.
 * A cycle (a reports to b reports to a) is broken at the contact met first.
 */
export function reportsToTree(contacts: Contact[]): TreeNode[] {
  const byId = new Map(contacts.map((c) => [c.id, c]));
  const children = new Map<number, Contact[]>();
  const roots: Contact[] = [];
  for (const c of contacts) {
    const m = c.reports_to_contact_id;
    if (m !== null && m !== undefined && byId.has(m) && m !== c.id) {
      if (!children.has(m)) children.set(m, []);
      children.get(m)!.push(c);
    } else roots.push(c);
  }
  const seen = new Set<number>();
  const build = (c: Contact): TreeNode => {
    seen.add(c.id);
    const kids = (children.get(c.id) ?? []).filter((k) => !seen.has(k.id));
    return { id: c.id, label: c.name, contact: c, children: kids.map(build) };
  };
  const out = roots.map(build);
  // Contacts only reachable through a cycle: start a root at each one not yet placed.
  for (const c of contacts) if (!seen.has(c.id)) out.push(build(c));
  return out;
}

/** The account itself from the detail answer (nested under "account" or flattened). */
export function accountOf(d: AccountDetail & Record<string, unknown>): AccountDetail['account'] {
  return d.account ?? (d.id !== undefined ? (d as unknown as AccountDetail['account']) : undefined);
}

/** Element Plus tag type of an attitude. */
export function attitudeType(a: string): 'success' | 'primary' | 'info' | 'warning' | 'danger' {
  return ({ champion: 'success', supporter: 'primary', neutral: 'info', skeptic: 'warning', opponent: 'danger' } as const)[a as 'champion'] ?? 'info';
}
