// Icons the menu and pages refer to by name (route meta.icon). Import only what is used.
import {
  HomeFilled, Odometer, User, UserFilled, Filter, DataAnalysis, Medal, Guide, Promotion, Message, Tickets,
  Phone, TrendCharts, OfficeBuilding, Shop, Lock, Key, Document, Setting, Service, Fold, Expand,
  Connection, ChatLineSquare, Ticket, Share,
} from '@element-plus/icons-vue';
import type { Component } from 'vue';

export const ICONS: Record<string, Component> = {
  HomeFilled, Odometer, User, UserFilled, Filter, DataAnalysis, Medal, Guide, Promotion, Message, Tickets,
  Phone, TrendCharts, OfficeBuilding, Shop, Lock, Key, Document, Setting, Service, Fold, Expand,
  Connection, ChatLineSquare, Ticket, Share,
};

// Service and sales screens (UI part 3).
import { Finished, PieChart, Headset, Histogram, Postcard, Aim, Trophy, DataLine } from '@element-plus/icons-vue';
Object.assign(ICONS, { Finished, PieChart, Headset, Histogram, Postcard, Aim, Trophy, DataLine });
