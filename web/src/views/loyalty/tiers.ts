// Tier preview: the server has no route that previews an unsaved ladder (only
// GET /tiers/distribution of the tiers held now), so the preview counts each level with
// a segment rule through POST /segments/preview — the same qualification as
// src/domain/tier_config.cpp level_met(): "any" = revenue ≥ R (when R > 0) or purchases ≥ P
// (when P > 0); "all" = both; the highest level met wins. Revenue in the rule is in major
// units (yuan); the ladder keeps minor units.
export interface LevelLike { name: string; min_revenue: number; min_purchases: number }

export function levelRule(l: LevelLike, match: 'any' | 'all', windowDays: number | null): string {
  const w = windowDays ? `(${windowDays}d)` : '';
  const parts: string[] = [];
  if (l.min_revenue > 0) parts.push(`revenue${w} >= ${+(l.min_revenue / 100).toFixed(2)}`);
  if (l.min_purchases > 0) parts.push(`orders${w} >= ${l.min_purchases}`);
  if (parts.length === 0) parts.push(`orders${w} >= 0`);
  return parts.join(match === 'all' ? ' and ' : ' or ');
}

/** One rule per level (lowest first), then the non-members' rule. */
export function tierPreviewRules(c: { window_days: number | null; match: 'any' | 'all'; levels: LevelLike[] }): string[] {
  const q = c.levels.map((l) => `(${levelRule(l, c.match, c.window_days)})`);
  const out = q.map((rule, i) => {
    const higher = q.slice(i + 1);
    return higher.length ? `${rule} and not (${higher.join(' or ')})` : rule;
  });
  out.push(`not (${q.join(' or ')})`);
  return out;
}

/** Default Chinese ladder names for new levels. */
export const TIER_NAMES = ['普通会员', '高级会员', 'VIP会员', '至尊VIP会员'];
