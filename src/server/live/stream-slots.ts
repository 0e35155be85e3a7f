/**
 * Open event streams counted per client and per showroom, so one client cannot take every
 * slot of the hub's global cap (and every wall then answer 503). A slot is taken before the
 * stream starts and given back when its connection closes.
 */
export class StreamSlots {
  private readonly byClient = new Map<string, number>();
  private readonly byShowroom = new Map<string, number>();

  constructor(
    private readonly perClient: number,
    private readonly perShowroom: number,
  ) {}

  /** 'client' or 'showroom' when that cap is reached; otherwise the slot is taken and a release function returned. */
  take(client: string, showroom: string): 'client' | 'showroom' | (() => void) {
    if ((this.byClient.get(client) ?? 0) >= this.perClient) return 'client';
    if ((this.byShowroom.get(showroom) ?? 0) >= this.perShowroom) return 'showroom';
    bump(this.byClient, client, 1);
    bump(this.byShowroom, showroom, 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      bump(this.byClient, client, -1);
      bump(this.byShowroom, showroom, -1);
    };
  }
}

function bump(map: Map<string, number>, key: string, by: number): void {
  const n = (map.get(key) ?? 0) + by;
  if (n > 0) map.set(key, n);
  else map.delete(key);
}
