// The campaign form and its request (CampaignRequest in openapi.json; parsed by src/journey/campaign.cpp:
// segment by name, 1..10 variants {key, template, weight 1..100}, control_pct 0..50,
// send_window {start, end} shop time, throttle_per_minute 0..1000000 (0 = no limit),
// attribution_days 1..90, class marketing|care).
import type { CampaignDefinition } from '@/api/marketing';

export interface CampaignForm {
  name: string;
  segment: string;
  channel: string; // the templates' channel (filter for the template pickers)
  klass: 'marketing' | 'care';
  variants: Array<{ key: string; template: string; weight: number }>;
  control_pct: number;
  windowOn: boolean;
  window: [string, string];
  throttle: number;
  attribution_days: number;
  when: 'draft' | 'now' | 'later';
  scheduled_at: string | null; // ISO instant
}

export function campaignForm(): CampaignForm {
  return {
    name: '', segment: '', channel: 'sms', klass: 'marketing',
    variants: [{ key: 'A', template: '', weight: 100 }],
    control_pct: 0, windowOn: false, window: ['09:00', '21:00'], throttle: 0, attribution_days: 7,
    when: 'draft', scheduled_at: null,
  };
}

export function campaignToRequest(f: CampaignForm): { name: string; definition: CampaignDefinition; scheduled_at?: string } {
  const definition: CampaignDefinition = {
    segment: f.segment,
    variants: f.variants.map((v) => ({ key: v.key, template: v.template, weight: v.weight })),
    control_pct: f.control_pct,
  };
  if (f.windowOn) definition.send_window = { start: f.window[0], end: f.window[1] };
  definition.throttle_per_minute = f.throttle;
  definition.attribution_days = f.attribution_days;
  definition.class = f.klass;
  const out: { name: string; definition: CampaignDefinition; scheduled_at?: string } = { name: f.name, definition };
  if (f.when === 'later' && f.scheduled_at) out.scheduled_at = f.scheduled_at;
  return out;
}

/** Share of the audience each variant gets (control first), in percent. */
export function variantShares(f: Pick<CampaignForm, 'variants' | 'control_pct'>): Array<{ key: string; pct: number }> {
  const total = f.variants.reduce((a, v) => a + (v.weight || 0), 0) || 1;
  const rest = 100 - f.control_pct;
  const out = f.control_pct > 0 ? [{ key: 'control', pct: f.control_pct }] : [];
  for (const v of f.variants) out.push({ key: v.key, pct: Math.round(((v.weight || 0) / total) * rest * 10) / 10 });
  return out;
}
