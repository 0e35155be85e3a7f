import { randomUUID } from 'node:crypto';
import type { KioskConfig } from '../../src/shared/kiosk-config.ts';
import type { VisitInput } from '../../src/shared/visit.ts';

/** A complete, valid visit for the first product on the kiosk's floor. */
export function makeVisit(config: KioskConfig, overrides: Partial<VisitInput> = {}): VisitInput {
  const product = config.products[0]!;
  const rated = product.parts.slice(0, 4);
  const started = new Date(Date.now() - 180_000);
  return {
    id: randomUUID(),
    activityVersion: config.activityVersion,
    productId: product.id,
    locale: 'en',
    ageBand: '7-9',
    avatar: config.avatars[0]!.key,
    nickname: 'Mimi',
    consent: { gallery: true, voice: false, nickname: true, textVersion: config.consent.textVersion },
    startedAt: started.toISOString(),
    completedAt: new Date(started.getTime() + 150_000).toISOString(),
    ratings: rated.map((p, i) => ({ partId: p.id, face: ((i % 5) + 1) as 1 | 2 | 3 | 4 | 5 })),
    choices: product.pairs.slice(0, 2).map((p, i) => ({ pairId: p.id, picked: i % 2 ? 'b' : 'a' })),
    favourites: rated.slice(0, 3).map((p) => p.id),
    again: 'yes',
    idea: { kind: 'drawing', width: 800, height: 600, strokes: [{ color: '#ff6600', size: 8, points: [[10, 10], [50, 60], [120, 90]] }] },
    ...overrides,
  };
}

/** A tiny but real WAV file (header + silence), for voice ideas. */
export function tinyWav(): string {
  const samples = 800;
  const b = Buffer.alloc(44 + samples * 2);
  b.write('RIFF', 0);
  b.writeUInt32LE(36 + samples * 2, 4);
  b.write('WAVE', 8);
  b.write('fmt ', 12);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(8000, 24);
  b.writeUInt32LE(16000, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36);
  b.writeUInt32LE(samples * 2, 40);
  return b.toString('base64');
}
