// No runtime imports here: the kiosk bundle includes this file.
/** Limits shared by the kiosk (to stay within them) and the server (to enforce them). */
export const VISIT_LIMITS = {
  nicknameMax: 12,
  textIdeaMax: 500,
  voiceMaxMs: 30_000,
  voiceMaxBytes: 1_000_000,
  strokesMax: 500,
  pointsPerStrokeMax: 2_000,
  pointsTotalMax: 20_000,
  canvasMax: 4_096,
  ratingsMax: 50,
  choicesMax: 20,
  favouritesMax: 3,
  bodyMaxBytes: 2 * 1024 * 1024,
} as const;
