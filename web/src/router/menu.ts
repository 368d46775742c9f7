import { appRoutes, MENU_GROUPS } from './routes';
import { grants } from '@/permissions';

export interface MenuItem {
  path: string;
  name: string;
  title: string;
  icon?: string;
  placeholder?: boolean;
}
export interface MenuGroup {
  key: string;
  title: string;
  icon: string;
  items: MenuItem[];
}

/** The side menu for a user: groups with the entries the user may open (empty groups dropped). */
export function buildMenu(perms: readonly string[], role: string): MenuGroup[] {
  return MENU_GROUPS.map((g) => ({
    ...g,
    items: appRoutes
      .filter((r) => r.meta?.group === g.key && grants(perms, role, r.meta?.permission))
      .map((r) => ({
        path: `/${r.path}`,
        name: String(r.name),
        title: r.meta!.title!,
        icon: r.meta!.icon,
        placeholder: r.meta!.placeholder,
      })),
  })).filter((g) => g.items.length > 0);
}
