#!/usr/bin/env node
'use strict';
// Until the local stack exists, `npm start` builds and says what is there.
console.log('Built. The Tyk edge bundle is in dist/bundle/, the compiled hooks in dist/tyk-middleware/.');
console.log('See README.md for loading the bundle into Tyk.');
