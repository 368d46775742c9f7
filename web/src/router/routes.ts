// Every screen of the application, in menu order.
//
// To add a screen: add a record here (lazy `component: () => import(...)`) with
//   meta.title       i18n key of the page title / menu label (add it to both locales)
//   meta.permission  what the user needs (see src/permissions.ts); the menu hides it and
//                    the guard shows the 403 page otherwise
//   meta.icon        an @element-plus/icons-vue component name registered in src/layouts/icons.ts
//   meta.group       the side-menu group (MENU_GROUPS below); omit for pages not in the menu
//   meta.parent      route name of the breadcrumb parent (detail pages)
import type { RouteRecordRaw } from 'vue-router';
import { P } from '@/permissions';
import { useShopStore } from '@/stores/shop';
import { preloadFirstPage } from '@/views/customers/firstPage';

declare module 'vue-router' {
  interface RouteMeta {
    title?: string;
    permission?: string | string[];
    icon?: string;
    group?: string;
    parent?: string;
    public?: boolean;
    /** Shown in the menu but not built yet (ComingSoon view). */
    placeholder?: boolean;
    /**
     * The data the screen shows first, requested by the router guard together with the session
     * probe and the screen's chunks; the navigation waits for it, so the screen renders once, with
     * its data, instead of a skeleton first. Must not throw (a failure leaves the screen to fetch
     * and report as usual) and must not trigger the global 401/403 handling (quiet401/quiet403):
     * it runs before the guard knows whether the user may see the screen.
     */
    preload?: () => Promise<void>;
  }
}

export const MENU_GROUPS: { key: string; title: string; icon: string }[] = [
  { key: 'home', title: 'menu.home', icon: 'HomeFilled' },
  { key: 'customers', title: 'menu.customers', icon: 'User' },
  { key: 'marketing', title: 'menu.marketing', icon: 'Promotion' },
  { key: 'service', title: 'menu.service', icon: 'Service' },
  { key: 'sales', title: 'menu.sales', icon: 'TrendCharts' },
  { key: 'settings', title: 'menu.settings', icon: 'Setting' },
];

const ComingSoon = () => import('@/views/system/ComingSoon.vue');

export const appRoutes: RouteRecordRaw[] = [
  {
    path: '',
    name: 'home',
    component: () => import('@/views/home/HomeView.vue'),
    meta: { title: 'menu.dashboard', icon: 'Odometer', group: 'home' },
  },
  // Customers and intelligence
  {
    path: 'customers',
    name: 'customers',
    component: () => import('@/views/customers/CustomerList.vue'),
    meta: { title: 'menu.customerList', icon: 'User', group: 'customers', permission: P.customersRead, preload: preloadFirstPage },
  },
  {
    path: 'customers/:id(\\d+)',
    name: 'customer',
    component: () => import('@/views/customers/Customer360.vue'),
    meta: { title: 'customer360.title', permission: P.customersRead, parent: 'customers' },
  },
  {
    path: 'segments',
    name: 'segments',
    component: () => import('@/views/segments/SegmentList.vue'),
    meta: { title: 'menu.segments', icon: 'Filter', group: 'customers', permission: P.segmentsRead },
  },
  {
    path: 'segments/new',
    name: 'segment-new',
    component: () => import('@/views/segments/SegmentEditor.vue'),
    meta: { title: 'segments.new', permission: P.segmentsWrite, parent: 'segments' },
  },
  {
    path: 'segments/:id(\\d+)',
    name: 'segment',
    component: () => import('@/views/segments/SegmentEditor.vue'),
    meta: { title: 'segments.detail', permission: P.segmentsRead, parent: 'segments' },
  },
  {
    path: 'insights',
    name: 'insights',
    component: () => import('@/views/segments/InsightsView.vue'),
    meta: { title: 'menu.insights', icon: 'DataAnalysis', group: 'customers', permission: P.analyticsRead },
  },
  {
    path: 'loyalty/tiers',
    name: 'tiers',
    component: () => import('@/views/loyalty/TiersView.vue'),
    meta: { title: 'menu.tiers', icon: 'Medal', group: 'customers', permission: P.tiersRead },
  },
  // Marketing and care (second UI engineer)
  {
    path: 'journeys',
    name: 'journeys',
    component: () => import('@/views/marketing/JourneysView.vue'),
    meta: { title: 'menu.journeys', icon: 'Guide', group: 'marketing', permission: P.journeysRead },
  },
  {
    path: 'journeys/new',
    name: 'journey-new',
    component: () => import('@/views/marketing/JourneyEditor.vue'),
    meta: { title: 'mkt.menu.journeyNew', permission: P.journeysWrite, parent: 'journeys' },
  },
  {
    path: 'journeys/:id(\\d+)',
    name: 'journey',
    component: () => import('@/views/marketing/JourneyEditor.vue'),
    meta: { title: 'mkt.menu.journey', permission: P.journeysRead, parent: 'journeys' },
  },
  {
    path: 'campaigns',
    name: 'campaigns',
    component: () => import('@/views/marketing/CampaignList.vue'),
    meta: { title: 'menu.campaigns', icon: 'Promotion', group: 'marketing', permission: P.campaignsRead },
  },
  {
    path: 'campaigns/:id(\\d+)',
    name: 'campaign',
    component: () => import('@/views/marketing/CampaignDetail.vue'),
    meta: { title: 'mkt.menu.campaign', permission: P.campaignsRead, parent: 'campaigns' },
  },
  {
    path: 'templates',
    name: 'templates',
    component: () => import('@/views/marketing/TemplatesView.vue'),
    meta: { title: 'menu.templates', icon: 'Message', group: 'marketing', permission: P.templatesRead },
  },
  {
    path: 'marketing/messages',
    name: 'messages',
    component: () => import('@/views/marketing/OutboxView.vue'),
    meta: { title: 'mkt.menu.outbox', icon: 'ChatLineSquare', group: 'marketing', permission: P.messagesRead },
  },
  {
    path: 'marketing/channels',
    name: 'channels',
    component: () => import('@/views/marketing/ChannelsView.vue'),
    meta: { title: 'mkt.menu.channels', icon: 'Connection', group: 'marketing', permission: P.settingsRead },
  },
  {
    path: 'loyalty/coupons',
    name: 'coupons',
    component: () => import('@/views/loyalty/CouponsView.vue'),
    meta: { title: 'mkt.menu.coupons', icon: 'Ticket', group: 'marketing', permission: P.loyaltyRead },
  },
  {
    path: 'loyalty/referrals',
    name: 'referrals',
    component: () => import('@/views/loyalty/ReferralsView.vue'),
    meta: { title: 'mkt.menu.referrals', icon: 'Share', group: 'marketing', permission: P.analyticsRead },
  },
  // Service
  {
    path: 'tickets',
    name: 'tickets',
    component: () => import('@/views/service/TicketList.vue'),
    meta: { title: 'menu.tickets', icon: 'Tickets', group: 'service', permission: P.ticketsRead },
  },
  {
    path: 'tickets/:id(\\d+)',
    name: 'ticket',
    component: () => import('@/views/service/TicketDetail.vue'),
    meta: { title: 'service.menu.ticket', permission: P.ticketsRead, parent: 'tickets' },
  },
  {
    path: 'service/tasks',
    name: 'service-tasks',
    component: () => import('@/views/service/TaskList.vue'),
    meta: { title: 'service.menu.tasks', icon: 'Finished', group: 'service', permission: P.tasksRead },
  },
  {
    path: 'service/reports',
    name: 'service-reports',
    component: () => import('@/views/service/ServiceReports.vue'),
    meta: { title: 'service.menu.reports', icon: 'PieChart', group: 'service', permission: P.analyticsRead },
  },
  {
    path: 'callcenter',
    name: 'callcenter',
    component: () => import('@/views/callcenter/AgentConsole.vue'),
    meta: { title: 'service.menu.console', icon: 'Headset', group: 'service', permission: P.callcenterRead },
  },
  {
    path: 'callcenter/stats',
    name: 'call-stats',
    component: () => import('@/views/callcenter/CallStats.vue'),
    meta: { title: 'service.menu.callStats', icon: 'Histogram', group: 'service', permission: P.callcenterRead },
  },
  {
    path: 'callcenter/settings',
    name: 'call-settings',
    component: () => import('@/views/callcenter/CallSettings.vue'),
    meta: { title: 'service.menu.callSettings', icon: 'Phone', group: 'service', permission: P.callcenterRead },
  },
  // Sales
  {
    path: 'sales/pipeline',
    name: 'pipeline',
    component: () => import('@/views/sales/PipelineBoard.vue'),
    meta: { title: 'menu.pipeline', icon: 'TrendCharts', group: 'sales', permission: P.salesRead },
  },
  {
    path: 'sales/opportunities/:id(\\d+)',
    name: 'opportunity',
    component: () => import('@/views/sales/OpportunityDetail.vue'),
    meta: { title: 'sales.menu.opportunity', permission: P.salesRead, parent: 'pipeline' },
  },
  {
    path: 'sales/leads',
    name: 'leads',
    component: () => import('@/views/sales/LeadList.vue'),
    meta: { title: 'sales.menu.leads', icon: 'Aim', group: 'sales', permission: P.salesRead },
  },
  {
    path: 'sales/accounts',
    name: 'accounts',
    component: () => import('@/views/sales/AccountList.vue'),
    meta: { title: 'menu.accounts', icon: 'OfficeBuilding', group: 'sales', permission: P.salesRead },
  },
  {
    path: 'sales/accounts/:id(\\d+)',
    name: 'account',
    component: () => import('@/views/sales/AccountDetail.vue'),
    meta: { title: 'sales.menu.account', permission: P.salesRead, parent: 'accounts' },
  },
  {
    path: 'sales/contacts',
    name: 'contacts',
    component: () => import('@/views/sales/ContactList.vue'),
    meta: { title: 'sales.menu.contacts', icon: 'Postcard', group: 'sales', permission: P.salesRead },
  },
  {
    path: 'sales/analytics',
    name: 'sales-analytics',
    component: () => import('@/views/sales/SalesAnalytics.vue'),
    meta: { title: 'sales.menu.analytics', icon: 'DataLine', group: 'sales', permission: P.analyticsRead },
  },
  {
    path: 'sales/competitors',
    name: 'competitors',
    component: () => import('@/views/sales/CompetitorList.vue'),
    meta: { title: 'sales.menu.competitors', icon: 'Trophy', group: 'sales', permission: P.salesRead },
  },
  // Settings
  {
    path: 'settings/shop',
    name: 'settings-shop',
    component: () => import('@/views/settings/ShopSettings.vue'),
    meta: { title: 'menu.shop', icon: 'Shop', group: 'settings', permission: P.shopRead },
  },
  {
    path: 'settings/users',
    name: 'settings-users',
    component: () => import('@/views/settings/UsersView.vue'),
    meta: { title: 'menu.users', icon: 'UserFilled', group: 'settings', permission: P.usersManage },
  },
  {
    path: 'settings/roles',
    name: 'settings-roles',
    component: () => import('@/views/settings/RolesView.vue'),
    meta: { title: 'menu.roles', icon: 'Lock', group: 'settings', permission: P.usersManage },
  },
  {
    path: 'settings/apikeys',
    name: 'settings-apikeys',
    component: () => import('@/views/settings/ApiKeysView.vue'),
    meta: { title: 'menu.apikeys', icon: 'Key', group: 'settings', permission: P.apikeysManage },
  },
  {
    path: 'settings/audit',
    name: 'settings-audit',
    component: () => import('@/views/settings/AuditView.vue'),
    meta: { title: 'menu.audit', icon: 'Document', group: 'settings', permission: P.auditRead },
  },
  {
    path: '403',
    name: 'forbidden',
    component: () => import('@/views/system/ForbiddenView.vue'),
    meta: { title: 'error.forbiddenTitle' },
  },
];

export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/system/LoginView.vue'),
    meta: { public: true, title: 'login.title' },
  },
  {
    path: '/',
    component: () => import('@/layouts/AppLayout.vue'),
    // The header shows the shop's name and every screen formats with its time zone and currency.
    meta: { preload: () => useShopStore().load() },
    children: [
      ...appRoutes,
      {
        path: ':pathMatch(.*)*',
        name: 'not-found',
        component: () => import('@/views/system/NotFoundView.vue'),
        meta: { title: 'error.notFoundTitle' },
      },
    ],
  },
];
