import type { AudioUpload, PictureUpload } from './types.ts';

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
    base64Of(file).then((data) => resolve({ mime, data }), reject);
  });
}

/** A file's bytes as base64 (the API's upload encoding). */
function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error ?? new PictureError('read'));
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.readAsDataURL(file);
  });
}

/** The audio types the API takes, and what browsers call some of them. */
const AUDIO_MIMES: Record<string, AudioUpload['mime']> = {
  'audio/mpeg': 'audio/mpeg',
  'audio/mp3': 'audio/mpeg',
  'audio/ogg': 'audio/ogg',
  'application/ogg': 'audio/ogg',
  'audio/webm': 'audio/webm',
  'video/webm': 'audio/webm',
  'audio/mp4': 'audio/mp4',
  'audio/x-m4a': 'audio/mp4',
  'audio/m4a': 'audio/mp4',
  'audio/aac': 'audio/mp4',
  'audio/wav': 'audio/wav',
  'audio/x-wav': 'audio/wav',
  'audio/wave': 'audio/wav',
  'audio/vnd.wave': 'audio/wav',
};
const AUDIO_EXTENSIONS: Record<string, AudioUpload['mime']> = { mp3: 'audio/mpeg', ogg: 'audio/ogg', oga: 'audio/ogg', opus: 'audio/ogg', webm: 'audio/webm', m4a: 'audio/mp4', mp4: 'audio/mp4', wav: 'audio/wav' };
export const AUDIO_ACCEPT = ['.mp3', '.ogg', '.oga', '.opus', '.webm', '.m4a', '.wav', 'audio/*'].join(',');
export const AUDIO_MAX_BYTES = 1_000_000;

/** Reads a chosen recording as the API's audio upload; the server checks the bytes really are that container. */
export function readAudio(file: File): Promise<AudioUpload> {
  return new Promise((resolve, reject) => {
    const mime = AUDIO_MIMES[file.type] ?? AUDIO_EXTENSIONS[file.name.split('.').pop()?.toLowerCase() ?? ''];
    if (!mime) return reject(new PictureError('type'));
    if (file.size > AUDIO_MAX_BYTES) return reject(new PictureError('size'));
    base64Of(file).then((data) => resolve({ mime, data }), reject);
  });
}
