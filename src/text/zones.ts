// Time zones for luxon that remember their offsets. luxon asks an IANA zone for its UTC offset at an instant through
// Intl.DateTimeFormat#formatToParts (~20-60 µs a call on Node 20), and asks again for the same instant at each step
// of one page time's life: created in the source's zone, shown in it (setZone), formatted (the offset of `ZZ`). A
// zone from zoneNamed() answers a repeated instant from memory.
// Guarantee: the same offsets as luxon's own IANAZone (it is one, memoising exact instants only: no interval of a
// zone is assumed constant), so every DateTime and every string made with it is unchanged.
import { DateTime, IANAZone, type Zone } from 'luxon';

export const ZONE_DEFAULTS = {
  /** Instants remembered per zone; past this the memory starts again (a crawl's page times are far fewer). */
  maxRememberedInstants: 4096,
};

class RememberingZone extends IANAZone {
  private readonly offsets = new Map<number, number>();

  override offset(ts: number): number {
    let minutes = this.offsets.get(ts);
    if (minutes === undefined) {
      minutes = super.offset(ts);
      if (this.offsets.size >= ZONE_DEFAULTS.maxRememberedInstants) this.offsets.clear();
      this.offsets.set(ts, minutes);
    }
    return minutes;
  }
}

const zones = new Map<string, Zone | string>();

/** The zone luxon would make of `name`, remembering offsets when that is a valid IANA zone; any other name (UTC,
 *  `UTC+3`, an unknown zone) is given back as it is, for luxon to read as before. */
export function zoneNamed(name: string): Zone | string {
  let zone = zones.get(name);
  if (zone === undefined) {
    const made = DateTime.fromMillis(0, { zone: name }).zone;
    zone = made.type === 'iana' && made.isValid ? new RememberingZone(made.name) : name;
    zones.set(name, zone);
  }
  return zone;
}
