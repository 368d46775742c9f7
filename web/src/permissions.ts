// Permission names as the server's routes declare them ("<module>.<action>").
// A route or menu entry names the permission it needs; the server decides
// for real (every API route checks), the UI only hides what cannot work.
export const P = {
  analyticsRead: 'analytics.read',
  customersRead: 'customers.read',
  customersWrite: 'customers.write',
  customersMerge: 'customers.merge',
  customersExport: 'customers.export',
  piiView: 'pii.view',
  notesRead: 'notes.read',
  notesWrite: 'notes.write',
  tagsRead: 'tags.read',
  tagsWrite: 'tags.write',
  segmentsRead: 'segments.read',
  segmentsWrite: 'segments.write',
  segmentsExport: 'segments.export',
  tiersRead: 'tiers.read',
  tiersWrite: 'tiers.write',
  loyaltyRead: 'loyalty.read',
  loyaltyWrite: 'loyalty.write',
  journeysRead: 'journeys.read',
  journeysWrite: 'journeys.write',
  campaignsRead: 'campaigns.read',
  campaignsWrite: 'campaigns.write',
  templatesRead: 'templates.read',
  templatesWrite: 'templates.write',
  messagesRead: 'messages.read',
  messagesWrite: 'messages.write',
  ticketsRead: 'tickets.read',
  ticketsWrite: 'tickets.write',
  callcenterRead: 'callcenter.read',
  ordersRead: 'orders.read',
  ordersWrite: 'orders.write',
  tasksRead: 'tasks.read',
  tasksWrite: 'tasks.write',
  callcenterWrite: 'callcenter.write',
  ctiWrite: 'cti.write',
  eventsWrite: 'events.write',
  salesRead: 'sales.read',
  salesWrite: 'sales.write',
  salesDelete: 'sales.delete',
  shopRead: 'shop.read',
  shopWrite: 'shop.write',
  settingsRead: 'settings.read',
  settingsWrite: 'settings.write',
  apikeysManage: 'apikeys.manage',
  usersManage: 'users.manage',
  auditRead: 'audit.read',
} as const;

export type Permission = (typeof P)[keyof typeof P] | string;

/** Whether a list of grants allows a permission. "*" and "<module>.*" are wildcards. */
export function grants(perms: readonly string[], role: string, needed?: string | string[]): boolean {
  if (!needed || (Array.isArray(needed) && needed.length === 0)) return true;
  if (role === 'admin') return true;
  const list = Array.isArray(needed) ? needed : [needed];
  return list.every((n) => {
    if (perms.includes(n) || perms.includes('*')) return true;
    const mod = n.split('.')[0];
    return perms.includes(`${mod}.*`);
  });
}
