import { describe, expect, it } from 'vitest';
import { daysAgo, formatDateTime, formatMoney, formatNumber, formatPercent } from '@/utils/format';

describe('formatMoney', () => {
  it('formats minor units with the currency symbol and thousands separators', () => {
    expect(formatMoney(123450, 'CNY')).toBe('¥1,234.50');
    expect(formatMoney(0, 'CNY')).toBe('¥0.00');
    expect(formatMoney(5, 'CNY')).toBe('¥0.05');
    expect(formatMoney(-99, 'CNY')).toBe('-¥0.99');
    expect(formatMoney(100000000, 'USD')).toBe('$1,000,000.00');
    expect(formatMoney(1234, 'JPY')).toBe('¥1,234');
    expect(formatMoney(100, 'XYZ')).toBe('XYZ 1.00');
  });
  it('is a dash for missing values', () => {
    expect(formatMoney(null)).toBe('—');
    expect(formatMoney(undefined)).toBe('—');
  });
  it('has a compact form with 万 / 亿', () => {
    expect(formatMoney(123456789, 'CNY', { compact: true })).toBe('¥123.46万');
    expect(formatMoney(25000000000, 'CNY', { compact: true })).toBe('¥2.5亿');
    expect(formatMoney(999900, 'CNY', { compact: true })).toBe('¥9,999.00');
    expect(formatMoney(123456789, 'CNY', { compact: true, locale: 'en' })).toBe('¥1.23M');
    expect(formatMoney(2500000, 'USD', { compact: true, locale: 'en' })).toBe('$25K');
  });
});

describe('formatDateTime', () => {
  it('shows an instant in the shop time zone', () => {
    expect(formatDateTime('2024-06-01T10:00:00Z', 'Asia/Shanghai')).toBe('2024-06-01 18:00');
    expect(formatDateTime('2024-12-31T20:30:15Z', 'Asia/Shanghai', { seconds: true })).toBe('2025-01-01 04:30:15');
    expect(formatDateTime('2024-06-01T10:00:00Z', 'America/New_York')).toBe('2024-06-01 06:00');
    expect(formatDateTime(Date.UTC(2024, 0, 1, 0, 0), 'UTC', { dateOnly: true })).toBe('2024-01-01');
  });
  it('is a dash for missing values and echoes unparsable ones', () => {
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime('')).toBe('—');
    expect(formatDateTime('not a date')).toBe('not a date');
  });
  it('falls back to UTC for an unknown zone', () => {
    expect(formatDateTime('2024-06-01T10:00:00Z', 'Mars/Olympus')).toBe('2024-06-01 10:00');
  });
});

describe('numbers', () => {
  it('formats counts, rates and day differences', () => {
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatNumber(null)).toBe('—');
    expect(formatPercent(0.5799)).toBe('58.0%');
    expect(formatPercent(null)).toBe('—');
    expect(daysAgo('2024-01-01T00:00:00Z', Date.parse('2024-01-11T12:00:00Z'))).toBe(10);
  });
});
