import { hotp, stepAt, TOTP_STEP_SECONDS } from '../../../scripts/support/totp.mjs';

/**
 * A phone's authenticator app. The API accepts a code for the current time-step ±1, each step
 * once. Every code handed out is for the current step or the next — never the previous one, which
 * on a slow machine can leave the window before the code arrives — so each stays valid for at least
 * 30 s; and for a later step than the code before. When both are used up it waits for the next
 * step to begin (the clock is what a TOTP code depends on).
 *
 * A code sent by the journey's own API call (set-up, not what the person types) may also use the
 * previous step, which the API accepts until the current step ends: with three steps a window
 * instead of two, a journey that sets up an authenticator, signs in and impersonates does not wait.
 */
/** How long a set-up request may take, at most, to reach the API on a busy machine. */
const IMMEDIATE_USE_MARGIN_MS = 10_000;

export class AuthenticatorApp {
  private lastStep = Number.NEGATIVE_INFINITY;

  constructor(readonly secret: string) {}

  async nextCode(): Promise<string> {
    const nextStep = () => Math.max(stepAt(), this.lastStep + 1);
    while (nextStep() > stepAt() + 1) {
      const untilNextStepMs = TOTP_STEP_SECONDS * 1000 - (Date.now() % (TOTP_STEP_SECONDS * 1000));
      await new Promise((resume) => setTimeout(resume, untilNextStepMs + 50));
    }
    this.lastStep = nextStep();
    return hotp(this.secret, this.lastStep);
  }

  /**
   * For a request made at once by the test itself: the previous step's code when it has not been
   * used and at least IMMEDIATE_USE_MARGIN_MS of the current step remain (so the request arrives while
   * the API still accepts it); otherwise nextCode().
   */
  async codeForImmediateUse(): Promise<string> {
    const msLeftInStep = TOTP_STEP_SECONDS * 1000 - (Date.now() % (TOTP_STEP_SECONDS * 1000));
    const previousStep = stepAt() - 1;
    if (previousStep > this.lastStep && msLeftInStep >= IMMEDIATE_USE_MARGIN_MS) {
      this.lastStep = previousStep;
      return hotp(this.secret, previousStep);
    }
    return this.nextCode();
  }
}
