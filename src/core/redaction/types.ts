export type PiiKind = 'phone' | 'id_number' | 'email' | 'im_id' | 'address';

/** Stable order for reporting kinds, so results are deterministic. */
export const PII_KINDS: readonly PiiKind[] = ['phone', 'id_number', 'email', 'im_id', 'address'];

/**
 * A found piece of personal information. Offsets index the ORIGINAL text: normalisation is
 * length-preserving (one UTF-16 unit in, one out), so detectors can work on the normalised
 * view and still cut the original precisely.
 */
export interface Span {
  start: number;
  end: number;
  kinds: PiiKind[];
  placeholder: string;
}

/** A detector sees the normalised text (already-claimed spans masked) and the original. */
export type Detector = (norm: string, original: string) => Span[];
