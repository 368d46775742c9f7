// Human sentences for triggers, steps, outcomes and reasons (i18n), shared by the marketing screens.
import { useI18n } from 'vue-i18n';
import { stepFromJson, triggerFromJson, type JsonObject, type StepForm, type TriggerForm } from './journey';

export const STATUS_TAG: Record<string, 'success' | 'warning' | 'info' | 'danger' | 'primary'> = {
  active: 'success', paused: 'warning', draft: 'info', archived: 'info', off: 'info',
  scheduled: 'primary', running: 'warning', done: 'success', cancelled: 'info',
  queued: 'info', held: 'warning', sending: 'warning', sent: 'primary', delivered: 'success', failed: 'danger', dead: 'danger', suppressed: 'warning',
  waiting: 'warning', exited: 'info',
};

export const STEP_COLOR: Record<string, string> = {
  wait: '#8a919f', branch: '#d97706', split: '#7c3aed', send: '#1f6feb', tag: '#0891b2', coupon: '#db2777',
  points: '#ca8a04', task: '#16a34a', webhook: '#475569', exit: '#dc2626',
};

export function useMarketingText() {
  const { t, te, locale } = useI18n();
  const tx = (key: string, fallback: string) => (te(key) ? t(key) : fallback);

  const eventName = (e: string) => tx(`mkt.trigger.event.${e}`, e);
  const reasonName = (r: string) => tx(`mkt.reason.${r}`, r);
  const channelName = (c: string) => tx(`mkt.channel.${c}`, c);
  const outcomeName = (o: string) => {
    if (te(`mkt.journey.outcome.${o}`)) return t(`mkt.journey.outcome.${o}`);
    if (o.startsWith('suppressed:')) return `${t('mkt.journey.suppressed')} · ${reasonName(o.slice(11))}`;
    if (o.startsWith('variant:')) return `${t('mkt.step.variantKey')} ${o.slice(8)}`;
    return o;
  };

  function triggerText(tr: TriggerForm | JsonObject, holidayName?: (key: string) => string): string {
    const f = 'lead_days' in tr && 'upgrades_only' in tr && 'holiday' in tr ? (tr as TriggerForm) : triggerFromJson(tr as JsonObject);
    const at = f.at ?? '09:00';
    switch (f.type) {
      case 'event': {
        let e = eventName(f.event);
        if (f.segment) e += `「${f.segment}」`;
        if (f.name) e += `「${f.name}」`;
        if (f.tier) e += ` → ${f.tier}`;
        return t('mkt.trigger.summary.event', { event: e });
      }
      case 'date': {
        let d = tx(`mkt.trigger.date.${f.date}`, f.date);
        if (f.date === 'holiday' && f.holiday) d = holidayName ? holidayName(f.holiday) : f.holiday;
        const before = f.days_before ? t('mkt.trigger.summary.before', { n: f.days_before }) : '';
        return t('mkt.trigger.summary.date', { date: d, before, at });
      }
      case 'replenishment':
        return t('mkt.trigger.summary.replenishment', { days: f.lead_days ?? 3, at });
      case 'inactivity':
        return t('mkt.trigger.summary.inactivity', { days: f.days ?? 0 });
    }
    return '';
  }

  function stepText(s: StepForm | JsonObject): string {
    const f = 'waitKind' in s ? (s as StepForm) : stepFromJson(s as JsonObject);
    switch (f.type) {
      case 'wait':
        if (f.waitKind === 'duration') return t('mkt.step.summary.duration', { d: f.duration });
        if (f.waitKind === 'until') return t('mkt.step.summary.until', { t: f.until });
        return t('mkt.step.summary.event', { e: eventName(f.event), t: f.timeout });
      case 'branch':
        return t('mkt.step.summary.branch', { rule: f.rule || '…' });
      case 'split':
        return t('mkt.step.summary.split', { v: f.variants.map((v) => `${v.key} ${v.weight}`).join(' / ') });
      case 'send':
        return t('mkt.step.summary.send', { t: f.template || '…' });
      case 'tag':
        return t(f.tagOp === 'add' ? 'mkt.step.summary.tagAdd' : 'mkt.step.summary.tagRemove', { t: f.tag || '…' });
      case 'coupon':
        return t('mkt.step.summary.coupon', { b: f.batch ?? '…' });
      case 'points':
        return t('mkt.step.summary.points', { n: f.amount ?? 0 });
      case 'task':
        return t('mkt.step.summary.task', { a: t(`mkt.step.assigneeValues.${f.assignee ?? 'owner'}`), t: f.title || '…' });
      case 'webhook':
        return t('mkt.step.summary.webhook', { e: f.webhookEvent || '…' });
      case 'exit':
        return t('mkt.step.summary.exit');
    }
    return '';
  }

  const careName = (c: { name: string; name_en?: string }) => (locale.value === 'en' && c.name_en ? c.name_en : c.name);

  const holidayLabel = (h: { key: string; name_zh?: string; name_en?: string } | undefined, key: string) =>
    h ? (locale.value === 'en' ? h.name_en ?? key : h.name_zh ?? key) : key;

  return { t, te, tx, locale, holidayLabel, eventName, reasonName, channelName, outcomeName, triggerText, stepText, careName };
}
