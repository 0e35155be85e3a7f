/**
 * A visit's times come from the tablet's clock. One dated ahead of the server would count in
 * a future "today" (the wall, the figures) until then, so it is refused; a little slack allows
 * for clocks that drift. Returns the problem as a sentence, or null.
 */
export function clockAheadProblem(times: Record<string, string>, nowMs: number, slackMs: number): string | null {
  for (const [field, value] of Object.entries(times)) {
    const t = Date.parse(value);
    if (Number.isFinite(t) && t > nowMs + slackMs) {
      const minutes = Math.ceil((t - nowMs) / 60_000);
      return `${field} is ${minutes} minutes ahead of the server's clock (${new Date(nowMs).toISOString()}); check the tablet's date and time`;
    }
  }
  return null;
}
