import { hotp, stepAt, TOTP_STEP_SECONDS } from '../../../scripts/support/totp.mjs';

/**
 * A phone's authenticator app. The API accepts a code for the current time-step ±1, each step
 * once. Every code handed out is for the current step or the next — never the previous one, which
 * on a slow machine can leave the window before the code arrives — so each stays valid for at least
 * 30 s; and for a later step than the code before. When both are used up it waits for the next
 * step to begin (the clock is what a TOTP code depends on).
 */
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
}
