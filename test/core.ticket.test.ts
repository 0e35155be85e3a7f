import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { normalizeTicket, ticketForVisit, ticketHash, TICKET_CHARS } from '../src/core/ticket.ts';
import { newPairingCode, normalizePairingCode } from '../src/core/pairing-code.ts';
import { canonicalJson } from '../src/core/canonical-json.ts';
import { audioMatchesMime } from '../src/core/audio.ts';
import { visitRuleViolation } from '../src/core/visit-rules.ts';

describe('ticket codes', () => {
  const secret = randomBytes(32);

  it('are 10 Crockford characters (50 bits) grouped 5-5', () => {
    const t = ticketForVisit(secret, randomUUID());
    assert.match(t, /^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    assert.ok(TICKET_CHARS * 5 >= 40);
  });

  it('are stable for a visit id and differ between visits and secrets', () => {
    const id = randomUUID();
    assert.equal(ticketForVisit(secret, id), ticketForVisit(secret, id.toUpperCase()));
    assert.notEqual(ticketForVisit(secret, id), ticketForVisit(randomBytes(32), id));
    const many = new Set(Array.from({ length: 5000 }, () => ticketForVisit(secret, randomUUID())));
    assert.equal(many.size, 5000);
  });

  it('normalize case-, dash- and space-insensitively, with Crockford aliases', () => {
    const t = ticketForVisit(secret, randomUUID());
    const canonical = t.replace('-', '');
    assert.equal(normalizeTicket(t.toLowerCase()), canonical);
    assert.equal(normalizeTicket(` ${canonical.slice(0, 3)} ${canonical.slice(3)} `), canonical);
    assert.equal(normalizeTicket('O1LI0-ABCDE'), '01110ABCDE');
    assert.equal(normalizeTicket('UUUUU-UUUUU'), null, 'U is not in the alphabet');
    assert.equal(normalizeTicket('ABCD'), null);
    assert.equal(normalizeTicket('x'.repeat(1000)), null);
  });

  it('normalize never throws and round-trips every generated code (property)', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const n = normalizeTicket(s);
        assert.ok(n === null || /^[0-9A-HJKMNP-TV-Z]{10}$/.test(n));
      }),
    );
    fc.assert(
      fc.property(fc.uuid(), (id) => {
        const t = ticketForVisit(secret, id);
        assert.equal(normalizeTicket(t), t.replace('-', ''));
      }),
    );
  });

  it('hash to 32 bytes, differently for different codes', () => {
    assert.equal(ticketHash('0123456789').length, 32);
    assert.notDeepEqual(ticketHash('0123456789'), ticketHash('0123456788'));
  });
});

describe('pairing codes', () => {
  it('are 8 characters and normalize back', () => {
    const c = newPairingCode();
    assert.match(c, /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    assert.equal(normalizePairingCode(c.toLowerCase()), c.replace('-', ''));
    assert.equal(normalizePairingCode('short'), null);
  });
});

describe('canonical JSON', () => {
  it('ignores key order and undefined fields', () => {
    assert.equal(canonicalJson({ b: 1, a: [1, { d: 2, c: 3 }], e: undefined }), canonicalJson({ a: [1, { c: 3, d: 2 }], b: 1 }));
    assert.notEqual(canonicalJson({ a: 1 }), canonicalJson({ a: '1' }));
  });
});

describe('audio containers', () => {
  it('recognises each container by its magic bytes', () => {
    assert.ok(audioMatchesMime(Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0]), 'audio/webm'));
    assert.ok(audioMatchesMime(Buffer.from('OggS\0\0'), 'audio/ogg'));
    assert.ok(audioMatchesMime(Buffer.from('\0\0\0\x18ftypM4A '), 'audio/mp4'));
    assert.ok(audioMatchesMime(Buffer.from('RIFF\0\0\0\0WAVEfmt '), 'audio/wav'));
    assert.ok(audioMatchesMime(Buffer.from('ID3\x04'), 'audio/mpeg'));
    assert.ok(!audioMatchesMime(Buffer.from('OggS\0\0'), 'audio/webm'));
    assert.ok(!audioMatchesMime(Buffer.from('<svg>'), 'audio/wav'));
    assert.ok(!audioMatchesMime(Buffer.from([]), 'audio/ogg'));
  });
});

describe('visit rules', () => {
  const base = {
    id: randomUUID(), activityVersion: 1, productId: randomUUID(), locale: 'en' as const, ageBand: '7-9' as const, avatar: 'panda',
    consent: { gallery: false, voice: false, nickname: false, textVersion: 'v1' },
    startedAt: '2026-11-25T10:00:00Z', completedAt: '2026-11-25T10:03:00Z', ratings: [], choices: [], favourites: [],
  };
  const part = randomUUID();
  it('accepts a consistent visit', () => {
    assert.equal(visitRuleViolation({ ...base, ratings: [{ partId: part, face: 4 }], favourites: [part] }), null);
  });
  it('names the problem of an inconsistent one', () => {
    assert.match(visitRuleViolation({ ...base, favourites: [part] })!, /not one of the rated/);
    assert.match(visitRuleViolation({ ...base, ratings: [{ partId: part, face: 4 }, { partId: part.toUpperCase(), face: 2 }] })!, /rated twice/);
    assert.match(visitRuleViolation({ ...base, completedAt: '2026-11-25T09:00:00Z' })!, /before/);
    assert.match(visitRuleViolation({ ...base, idea: { kind: 'voice', mime: 'audio/ogg', durationMs: 10, audio: 'T2dnUwAA' } })!, /consent.voice/);
    assert.match(visitRuleViolation({ ...base, nickname: '   ' })!, /blank/);
  });
});
