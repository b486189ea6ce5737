/** `npm run start:edge`: the local Tyk stand-in on PORT (8080), proxying /inference/ to BFF_URL. */
import { exitOnConfigError } from '../service-kit/config';
import { start } from './server';

start()
  .then((edge) => {
    const stop = () => edge.stop().then(() => process.exit(0));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  })
  .catch((error: unknown) => {
    exitOnConfigError('edge', error);
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
