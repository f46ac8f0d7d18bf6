/** A wait that ran out: the scenario did not get where it needed to be (its outcome says so). */
export class ScenarioTimeoutError extends Error {
  override name = 'ScenarioTimeoutError';
}

/** The run ended `failed`: an end state, but not a recovery. */
export class RunFailedError extends Error {
  override name = 'RunFailedError';
}
