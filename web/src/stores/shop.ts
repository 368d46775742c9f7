import { defineStore } from 'pinia';
import { ref } from 'vue';
import { shopApi, type Shop } from '@/api/shop';
import { formatDateTime, formatMoney } from '@/utils/format';
import { currentLocale } from '@/locales';

/** The shop (name, time zone, currency) every screen formats with. */
export const useShopStore = defineStore('shop', () => {
  const shop = ref<Shop | null>(null);
  let pending: Promise<void> | null = null;

  /**
   * Never rejects and never triggers the global 401/403 handling: without the shop the screens
   * format with defaults, and a lost session is reported by their own calls. That also lets the
   * router preload it (route meta.preload) before the session probe has answered.
   */
  function load(force = false): Promise<void> {
    if (shop.value && !force) return Promise.resolve();
    if (!pending || force) {
      pending = shopApi
        .get({ quiet401: true, quiet403: true })
        .then((s) => {
          shop.value = s;
        })
        .catch(() => {
          /* the page still works with defaults */
        })
        .finally(() => {
          pending = null;
        });
    }
    return pending;
  }

  const currency = () => shop.value?.currency ?? 'CNY';
  const zone = () => shop.value?.time_zone ?? 'Asia/Shanghai';
  const money = (minor: number | null | undefined, compact = false) => formatMoney(minor, currency(), { compact, locale: currentLocale() });
  /** Money given in major units (yuan), as some reports do. */
  const moneyMajor = (major: number | null | undefined) =>
    major === null || major === undefined ? '—' : formatMoney(Math.round(major * 100), currency());
  const dateTime = (v: string | number | null | undefined, seconds = false) => formatDateTime(v, zone(), { seconds });
  const date = (v: string | number | null | undefined) => formatDateTime(v, zone(), { dateOnly: true });

  return { shop, load, currency, zone, money, moneyMajor, dateTime, date };
});
