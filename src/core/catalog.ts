/**
 * The shape of a catalog as it is authored (demo seed, admin import).
 * Pictures are file names under `assets/demo/` at seed time; the seed stores them
 * as content-addressed assets in the database.
 */
export interface LocalizedText {
  zh: string;
  en: string;
}

export interface CatalogPart {
  /** Stable key shared across models (e.g. "wheels") so parts can be compared across models. */
  key: string;
  name: LocalizedText;
  /** The question read aloud, e.g. "How do you like the wheels?" — short, for a 4-year-old. */
  prompt: LocalizedText;
  /** Hotspot centre on the product picture, in percent of width / height (0–100). */
  x: number;
  y: number;
  /** Small pictogram of the part (SVG file name). */
  icon: string;
}

export interface CatalogPairSide {
  label: LocalizedText;
  picture: string;
}

export interface CatalogPair {
  key: string;
  prompt: LocalizedText;
  a: CatalogPairSide;
  b: CatalogPairSide;
}

export interface CatalogProduct {
  key: string;
  name: LocalizedText;
  /** Side view of the car (SVG file name), drawn on a 1200×800 viewBox. */
  picture: string;
  parts: CatalogPart[];
  pairs: CatalogPair[];
}

export interface CatalogAvatar {
  key: string;
  name: LocalizedText;
  picture: string;
}

export interface CatalogShowroom {
  slug: string;
  name: LocalizedText;
  /** Keys of the products on this showroom's floor. */
  products: string[];
}

export interface ConsentText {
  version: string;
  text: LocalizedText;
  /** The uses the words name (src/core/consent.ts); none when left out, so nothing is public. */
  covers?: readonly string[];
  /** The three toggles' words shown with this version; the kiosk's own words when left out. */
  toggles?: { gallery: LocalizedText; voice: LocalizedText; nickname: LocalizedText };
}

export interface Catalog {
  showrooms: CatalogShowroom[];
  products: CatalogProduct[];
  avatars: CatalogAvatar[];
  consent: ConsentText;
}
