import { audioMatchesMime } from '../../core/audio.ts';
import { canonicalJson } from '../../core/canonical-json.ts';
import { moderateText } from '../../core/redaction.ts';
import { stripInvisible } from '../../shared/invisible.ts';
import { sha256, ticketForVisit, ticketHash, normalizeTicket } from '../../core/ticket.ts';
import { visitQuality } from '../../core/honest.ts';
import { visitRuleViolation } from '../../core/visit-rules.ts';
import type { Database } from '../../db/database.ts';
import { toBuffer } from '../../db/database.ts';
import type { DeviceRow } from '../../db/repositories/devices.repository.ts';
import { announceVisitStored, findVisitFingerprint, insertWholeVisit, type NewVisit } from '../../db/repositories/visits.repository.ts';
import { VISIT_LIMITS, type VisitInput } from '../../shared/visit.ts';
import { badRequest, conflict, gone, unprocessable } from '../errors.ts';
import type { ActivityCache } from './activity-cache.ts';
import { storeAndCluster, visitSignature } from './idea-cluster.service.ts';

/** Where a failure that must not fail the request is reported (Fastify's request logger fits). */
export interface ErrorLog {
  error(obj: object, msg: string): void;
}

export interface VisitOutcome {
  created: boolean;
  visitId: string;
  ticket: string;
  /** The stored idea's id when the visit was stored now with an idea (saves the events a look-up). */
  ideaId?: string | null;
}

export function visitIdHash(id: string): Buffer {
  return sha256(`visit:${id.toLowerCase()}`);
}

export class VisitService {
  constructor(
    private readonly db: Database,
    private readonly activities: ActivityCache,
    private readonly ticketSecret: Buffer,
  ) {}

  ticketFor(visitId: string): string {
    return ticketForVisit(this.ticketSecret, visitId);
  }

  /** Stores a whole visit once: a replay answers with the same ticket, a clash with 409. */
  async accept(device: DeviceRow, input: VisitInput, log?: ErrorLog): Promise<VisitOutcome> {
    const problem = visitRuleViolation(input);
    if (problem) throw badRequest(problem, 'validation_failed');
    const id = input.id.toLowerCase();
    const ticket = this.ticketFor(id);
    const visit = await this.prepare(device, input, id, ticket);

    const { outcome, ideaId } = await this.store(visit, log);
    if (outcome === 'tombstoned') throw gone('this visit was deleted by its family and will not be stored again');
    if (outcome === 'stored') return { created: true, visitId: visit.id, ticket, ideaId };
    const existing = await findVisitFingerprint(this.db, visit.id);
    if (existing && existing.device_id === device.id && toBuffer(existing.content_hash).equals(visit.contentHash)) {
      return { created: false, visitId: visit.id, ticket };
    }
    throw conflict('a different visit with this id is already stored');
  }

  /**
   * A visit without an idea: store_visit alone (one statement). With an idea: stored and clustered
   * in one transaction (idea-cluster.service.ts), so its cluster is there when the 201 is sent.
   * Clusters are derived data: should clustering fail, the visit is stored without it and the
   * failure logged (a visit the child finished must never be lost to it).
   */
  private async store(visit: NewVisit, log?: ErrorLog): Promise<{ outcome: 'stored' | 'exists' | 'tombstoned'; ideaId: string | null }> {
    const idHash = visitIdHash(visit.id);
    if (!visit.idea) return { outcome: await insertWholeVisit(this.db, visit, idHash), ideaId: null };
    let sig: ReturnType<typeof visitSignature> = null;
    try {
      sig = visitSignature(visit.idea);
      const r = await storeAndCluster(this.db, visit, idHash, sig);
      if (r.outcome === 'stored') announceVisitStored(this.db, visit.showroomId);
      return r;
    } catch (err) {
      if (!sig) throw err;
      (log ?? { error: (o: object, m: string) => console.error(m, o) }).error({ err, visitId: visit.id }, 'near-duplicate clustering failed; the visit is stored without it');
      return { outcome: await insertWholeVisit(this.db, visit, idHash), ideaId: null };
    }
  }

  private async prepare(device: DeviceRow, input: VisitInput, id: string, ticket: string): Promise<NewVisit> {
    const activity = await this.activities.activity(input.activityVersion);
    if (!activity) throw unprocessable(`activity version ${input.activityVersion} is not published`, 'unknown_reference');
    const productId = input.productId.toLowerCase();
    if (!activity.productIds.has(productId)) {
      throw unprocessable(`product ${input.productId} is not part of activity ${input.activityVersion}`, 'unknown_reference');
    }
    if (!(await this.activities.floor(device.showroom_id)).has(productId)) {
      throw unprocessable(`product ${input.productId} is not on this showroom's floor`, 'unknown_reference');
    }
    const parts = activity.partsByProduct.get(productId)!;
    for (const r of input.ratings) {
      if (!parts.has(r.partId.toLowerCase())) throw unprocessable(`part ${r.partId} does not belong to this product and activity`, 'unknown_reference');
    }
    const pairs = activity.pairsByProduct.get(productId)!;
    for (const c of input.choices) {
      if (!pairs.has(c.pairId.toLowerCase())) throw unprocessable(`pair ${c.pairId} does not belong to this product and activity`, 'unknown_reference');
    }
    // Older consent texts stay valid: a kiosk queue may hold visits from before a new publication.
    if (!(await this.activities.consentVersions()).has(input.consent.textVersion)) {
      throw unprocessable(`consent text version ${input.consent.textVersion} is unknown`, 'unknown_reference');
    }
    if (!(await this.activities.avatarKeys()).has(input.avatar)) {
      throw unprocessable(`avatar ${input.avatar} is unknown`, 'unknown_reference');
    }

    let nickname: string | null = null;
    let nicknameFlagged = false;
    // A nickname without its consent would be shown nowhere (not even to the team), so it
    // is not kept at all: minimum data (docs/PRIVACY.md).
    if (input.nickname !== undefined && input.consent.nickname) {
      const m = moderateText(input.nickname.trim());
      nickname = m.text;
      nicknameFlagged = m.flags.length > 0;
    }

    return {
      id,
      ticketHash: ticketHash(normalizeTicket(ticket)!),
      contentHash: sha256(canonicalJson({ ...input, id })),
      deviceId: device.id,
      showroomId: device.showroom_id,
      activityVersion: input.activityVersion,
      productId,
      locale: input.locale,
      ageBand: input.ageBand,
      avatar: input.avatar,
      nickname,
      nicknameFlagged,
      consent: input.consent,
      startedAt: input.startedAt,
      completedAt: input.completedAt,
      again: input.again ?? null,
      ratings: input.ratings.map((r) => ({ partId: r.partId.toLowerCase(), face: r.face, ms: r.ms ?? null })),
      choices: input.choices.map((c) => ({ pairId: c.pairId.toLowerCase(), picked: c.picked, ms: c.ms ?? null })),
      favourites: input.favourites.map((f) => f.toLowerCase()),
      favouriteMs: input.favouriteMs ?? null,
      quality: qualityOf(input),
      idea: prepareIdea(input),
    };
  }
}

function qualityOf(input: VisitInput): string {
  const times: number[] = [];
  for (const a of [...input.ratings, ...input.choices]) if (a.ms !== undefined) times.push(a.ms);
  times.push(...(input.favouriteMs ?? []));
  return visitQuality(input.ratings.map((r) => r.face), times);
}

function prepareIdea(input: VisitInput): NewVisit['idea'] {
  const idea = input.idea;
  if (!idea) return null;
  if (idea.kind === 'text') {
    const m = moderateText(stripInvisible(idea.text).trim());
    return { kind: 'text', text: m.text, flags: m.flags };
  }
  if (idea.kind === 'drawing') return { kind: 'drawing', drawing: idea, flags: [] };
  const bytes = Buffer.from(idea.audio, 'base64');
  if (bytes.length > VISIT_LIMITS.voiceMaxBytes) throw badRequest(`voice recordings may be at most ${VISIT_LIMITS.voiceMaxBytes} bytes`, 'validation_failed');
  if (!audioMatchesMime(bytes, idea.mime)) throw badRequest(`the audio is not a ${idea.mime} file`, 'validation_failed');
  return { kind: 'voice', mime: idea.mime, bytes, durationMs: idea.durationMs, flags: [] };
}
