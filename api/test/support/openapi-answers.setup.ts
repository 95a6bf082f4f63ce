import { endProvokedFailures, reportValidatedCount, takeViolations } from './openapi-answers';

/**
 * Fails the test during which an answer broke the OpenAPI document (see openapi-answers.ts), naming
 * the route, the status and the body; answers of a beforeAll are reported by the file's first test
 * or, at the latest, by afterAll.
 */
function failOnViolations(): void {
  const found = takeViolations();
  if (found.length) throw new Error(`Answers the OpenAPI document does not state:\n${found.join('\n')}`);
}

afterEach(() => {
  endProvokedFailures();
  failOnViolations();
});
afterAll(() => {
  reportValidatedCount(expect.getState().testPath ?? 'unknown');
  failOnViolations();
});
