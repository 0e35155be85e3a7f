import type { PictureUpload } from './types.ts';

const MIMES = ['image/svg+xml', 'image/png', 'image/jpeg', 'image/webp'] as const;
export const PICTURE_ACCEPT = MIMES.join(',');
export const PICTURE_MAX_BYTES = 2_000_000;

export class PictureError extends Error {}

/** Reads a chosen file as the API's picture upload: its type and base64 bytes. */
export function readPicture(file: File): Promise<PictureUpload> {
  return new Promise((resolve, reject) => {
    const mime = MIMES.find((m) => m === file.type);
    if (!mime) return reject(new PictureError('type'));
    if (file.size > PICTURE_MAX_BYTES) return reject(new PictureError('size'));
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error ?? new PictureError('read'));
    reader.onload = () => {
      const url = String(reader.result);
      resolve({ mime, data: url.slice(url.indexOf(',') + 1) });
    };
    reader.readAsDataURL(file);
  });
}
