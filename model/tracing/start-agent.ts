// Side-effect module: the first import of model/main.ts.
import { startAgent } from './agent';

startAgent();
