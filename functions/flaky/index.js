// Fails on request, to try error handling end to end:
//   {"fail": true, "message": "..."}  throws an Error (Invoke answers 200 with X-Amz-Function-Error: Unhandled)
//   {"sleepMs": 5000}                 sleeps that long first (past the 2 s timeout: Sandbox.Timedout)
//   {"crash": true, "exitCode": 3}    exits the process (Runtime.ExitError)
// Anything else succeeds with {"ok": true, "event": ...}.
exports.handler = async (event) => {
  if (event.sleepMs) await new Promise((resolve) => setTimeout(resolve, Number(event.sleepMs)));
  if (event.crash) process.exit(event.exitCode ?? 1);
  if (event.fail) throw new Error(event.message ?? 'flaky failed on request');
  return { ok: true, event };
};
