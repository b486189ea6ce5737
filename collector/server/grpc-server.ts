// OAP's gRPC receiver (port 11800), built from the generated stubs the Node agent itself ships
// (skywalking-backend-js/lib/proto, package skywalking.v3), so the wire format is the agent's own.
// Services: TraceSegmentReportService (collect, collectInSync), ManagementService
// (reportInstanceProperties, keepAlive), LogReportService (collect).
import * as grpc from '@grpc/grpc-js';
import { TraceSegmentReportServiceService } from 'skywalking-backend-js/lib/proto/language-agent/Tracing_grpc_pb';
import { ManagementServiceService } from 'skywalking-backend-js/lib/proto/management/Management_grpc_pb';
import { LogReportServiceService } from 'skywalking-backend-js/lib/proto/logging/Logging_grpc_pb';
import { Commands } from 'skywalking-backend-js/lib/proto/common/Common_pb';
import type { SegmentObject, SegmentCollection } from 'skywalking-backend-js/lib/proto/language-agent/Tracing_pb';
import type { LogData } from 'skywalking-backend-js/lib/proto/logging/Logging_pb';
import type { InstanceProperties, InstancePingPkg } from 'skywalking-backend-js/lib/proto/management/Management_pb';
import { instanceFromProto, logFromProto, segmentFromProto } from './from-protobuf';
import type { TraceStore } from './store';
import type { CollectorLogger } from './logger';
import { MAX_SPANS_PER_SEGMENT } from '../limits';

/** OAP's default gRPC message limit (SW_RECEIVER_GRPC_MAX_MESSAGE_SIZE, 50 MB). */
export const GRPC_MAX_MESSAGE_BYTES = 50 * 1024 * 1024;

export interface RunningGrpc {
  port: number;
  stop(): Promise<void>;
}

/** A gRPC report has no answer to refuse one segment in: over the span bound it is dropped, logged and counted. */
function addSegment(store: TraceStore, logger: CollectorLogger, proto: SegmentObject): void {
  const segment = segmentFromProto(proto);
  if (segment.spans.length > MAX_SPANS_PER_SEGMENT) {
    store.countRejected();
    logger.warn(
      `collector: dropped segment ${segment.traceSegmentId} of ${segment.service}: ${segment.spans.length} spans, at most ${MAX_SPANS_PER_SEGMENT} are accepted`,
    );
    return;
  }
  store.addSegment(segment, 'grpc');
}

function guarded(logger: CollectorLogger, what: string, store: () => void): void {
  try {
    store();
  } catch (err) {
    logger.error(`collector: could not store ${what}: ${(err as Error).message}`);
  }
}

export async function startGrpc(store: TraceStore, host: string, port: number, logger: CollectorLogger): Promise<RunningGrpc> {
  const server = new grpc.Server({
    'grpc.max_receive_message_length': GRPC_MAX_MESSAGE_BYTES,
  });

  server.addService(TraceSegmentReportServiceService, {
    collect(call: grpc.ServerReadableStream<SegmentObject, Commands>, callback: grpc.sendUnaryData<Commands>) {
      call.on('data', (segment: SegmentObject) => guarded(logger, 'a segment', () => addSegment(store, logger, segment)));
      call.on('error', (err) => logger.warn(`collector: segment stream ended with ${err.message}`));
      call.on('end', () => callback(null, new Commands()));
    },
    collectInSync(call: grpc.ServerUnaryCall<SegmentCollection, Commands>, callback: grpc.sendUnaryData<Commands>) {
      for (const segment of call.request.getSegmentsList()) {
        guarded(logger, 'a segment', () => addSegment(store, logger, segment));
      }
      callback(null, new Commands());
    },
  });

  server.addService(ManagementServiceService, {
    reportInstanceProperties(call: grpc.ServerUnaryCall<InstanceProperties, Commands>, callback: grpc.sendUnaryData<Commands>) {
      guarded(logger, 'instance properties', () => store.reportInstance(instanceFromProto(call.request)));
      callback(null, new Commands());
    },
    keepAlive(call: grpc.ServerUnaryCall<InstancePingPkg, Commands>, callback: grpc.sendUnaryData<Commands>) {
      guarded(logger, 'a keep-alive', () => store.reportInstance(instanceFromProto(call.request)));
      callback(null, new Commands());
    },
  });

  server.addService(LogReportServiceService, {
    collect(call: grpc.ServerReadableStream<LogData, Commands>, callback: grpc.sendUnaryData<Commands>) {
      call.on('data', (log: LogData) => guarded(logger, 'a log', () => store.addLog(logFromProto(log))));
      call.on('error', (err) => logger.warn(`collector: log stream ended with ${err.message}`));
      call.on('end', () => callback(null, new Commands()));
    },
  });

  const boundPort = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${host}:${port}`, grpc.ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound)));
  });

  return {
    port: boundPort,
    stop: () =>
      new Promise<void>((resolve) => {
        // Give open streams a moment to finish, then cut them: stop() must not hang a test.
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 1000);
        timer.unref();
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}
