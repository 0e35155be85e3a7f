import type { Localized } from '../../shared/kiosk-config.ts';

export const localized = (zh: string, en: string): Localized => ({ 'zh-CN': zh, en });

/** Catalog files are content-addressed: their URL never changes meaning, so caches keep them forever. */
export const assetUrl = (id: string | null): string | null => (id ? `/assets/${id}` : null);
