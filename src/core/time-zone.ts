/** Calendar days in a named time zone (reports and walls count "today" where the showroom is). */
export function dayIn(timeZone: string, at: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

function offsetMs(timeZone: string, at: Date): number {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(at)
      .map((x) => [x.type, x.value]),
  );
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant the current day began in `timeZone`. */
export function startOfDayIn(timeZone: string, at: Date = new Date()): Date {
  const midnightAsUtc = Date.parse(`${dayIn(timeZone, at)}T00:00:00Z`);
  // The offset at midnight may differ from now's (DST): evaluate it there.
  return new Date(midnightAsUtc - offsetMs(timeZone, new Date(midnightAsUtc - offsetMs(timeZone, at))));
}
