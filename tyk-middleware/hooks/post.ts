/**
 * `swEdgePost`: the post hook, last before the upstream call (after auth, quotas and transforms).
 * Step 7 of the header contract (docs/architecture.md): stamp `x-sw-edge-post`, so the gateway segment can tell
 * the edge's own middleware time from the upstream's. VM state does not survive from pre to post;
 * pre's work is read back from the request headers.
 */
import { EDGE_HEADERS } from '../../trace/edge-headers';
import { exportMiddleware } from './export-middleware';
import { headerReader, readHeader } from './headers';
import { defineHook } from './tyk-hook';

const EPOCH_MS = /^[0-9]{1,15}$/;

exportMiddleware(
  defineHook('swEdgePost', function (request, _spec, edits, complaints) {
    const start = readHeader(headerReader(request.Headers), 'X-Sw-Edge-Start');
    if (start === undefined || !EPOCH_MS.test(start)) {
      // Without pre's headers there is no edge segment to time; a stray stamp would only confuse the BFF.
      complaints.push('no valid ' + EDGE_HEADERS.start + ' header: the pre hook did not run on this request; not stamping');
      return;
    }
    edits.set[EDGE_HEADERS.post] = String(Date.now());
  }),
);
