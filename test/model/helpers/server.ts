import { start, type ModelServer, type StartOptions } from '../../../model/server';
import { createLogger } from '../../../model/logger';

/** An in-process model server with one worker, quiet logs, and whatever overrides the test needs. */
export async function startTestServer(overrides: StartOptions = {}): Promise<ModelServer> {
  return start({ port: 0, workers: 1, logger: createLogger('silent'), env: {}, ...overrides });
}
