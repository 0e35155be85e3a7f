declare const __APP_VERSION__: string;
/** This build's version: package version + a hash of the kiosk's sources (scripts/build.mjs). */
export const APP_VERSION = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : 'dev';
