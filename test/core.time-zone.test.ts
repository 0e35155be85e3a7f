import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dayIn, startOfDayIn } from '../src/core/time-zone.ts';

describe('days in a time zone', () => {
  it('finds the day and its first instant in Shanghai, London and UTC', () => {
    const at = new Date('2026-11-25T17:30:00Z'); // 01:30 on the 26th in Shanghai
    assert.equal(dayIn('Asia/Shanghai', at), '2026-11-26');
    assert.equal(startOfDayIn('Asia/Shanghai', at).toISOString(), '2026-11-25T16:00:00.000Z');
    assert.equal(startOfDayIn('UTC', at).toISOString(), '2026-11-25T00:00:00.000Z');
    assert.equal(startOfDayIn('Europe/London', new Date('2026-07-01T12:00:00Z')).toISOString(), '2026-06-30T23:00:00.000Z');
  });
});
