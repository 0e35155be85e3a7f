/** Tests and benchmarks send far more than a real client would; the suites about limits set their own. */
export const LIMITS_OFF: Record<string, string> = {
  REQUESTS_PER_MINUTE: '1000000',
  VISITS_PER_DEVICE_PER_MINUTE: '1000000',
  WALL_STREAMS_PER_CLIENT: '100000',
  WALL_STREAMS_PER_SHOWROOM: '100000',
};
