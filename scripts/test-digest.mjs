// A second reporter for node's test runner, beside TAP: one JSON line per failed test (with its
// file and error) and per top-level test or suite (with its file and duration). The test
// script (run-tests.mjs) reads it after the run and prints the failures and the slowest files just
// above the summary, where a CI log's tail shows them: TAP prints a failure where it happened,
// often thousands of lines earlier.
export default async function* digest(source) {
  for await (const event of source) {
    if (event.type !== 'test:fail' && event.type !== 'test:pass') continue;
    const { name, nesting, file, details } = event.data;
    if (nesting === 0)
      yield `${JSON.stringify({ kind: 'top', file, name, ms: details.duration_ms })}\n`;
    if (event.type !== 'test:fail') continue;
    const error = details.error ?? {};
    // A suite that failed only because a test in it did adds nothing to that test's own line.
    if (error.failureType === 'subtestsFailed') continue;
    const cause = error.cause ?? error;
    const message = String(cause?.message ?? cause ?? 'failed')
      .split('\n')
      .find((l) => l.trim() !== '');
    yield `${JSON.stringify({ kind: 'fail', file, name, type: error.failureType, message })}\n`;
  }
}
