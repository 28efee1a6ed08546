export const MEMBERSHIP_CLOCK = Symbol('MEMBERSHIP_CLOCK');

/**
 * The service's clock. Production: the system time. With the test clock enabled, tests move it
 * forward (never backward) through `POST /internal/clock`, so plan periods end without waiting.
 */
export class MembershipClock {
  constructor(private offsetMs = 0) {}

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  get offset(): number {
    return this.offsetMs;
  }

  advanceTo(offsetMs: number): void {
    this.offsetMs = Math.max(this.offsetMs, offsetMs);
  }
}
