// Side-effect module, the first import of model/main.ts: the agent patches http and express before anything loads them.
import { startAgent } from '../../service-kit/agent/start';

startAgent({ serviceName: 'model-server', ignorePaths: ['*:/healthz', '*:/readyz', '*:/metrics', '*:/v1/models/**'] });
