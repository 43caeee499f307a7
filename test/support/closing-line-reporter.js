// Prints one plain closing line ("tests: N passed, N failed[, N skipped]") as the very last line of a jest run, so CI
// logs state what ran in a form any reader or tool can parse.
class ClosingLineReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`;
    // jest's summary reporter writes after the other reporters: print when the process ends instead.
    process.once('exit', () => process.stderr.write(`\n${line}\n`));
  }
}
module.exports = ClosingLineReporter;
