// The KFP UI's calls to MLMD, made twice: with the grpc-web client library (as the UI does,
// binary and text formats) against Mnemos' HTTP port, and with @grpc/grpc-js against its gRPC
// port. Every answer (or error) must be the same, byte for byte.
//   MNEMOS_GRPC=localhost:8080 MNEMOS_GRPC_WEB=http://localhost:8081 MNEMOS_RUN=<run name> node compare.js
'use strict';

global.XMLHttpRequest = require('xhr2');
const grpcWeb = require('grpc-web');
const grpc = require('@grpc/grpc-js');
const { ml_metadata: mlmd } = require('./generated/mlmd_pb.js');

const SERVICE = '/ml_metadata.MetadataStoreService/';
const grpcAddress = process.env.MNEMOS_GRPC;
const webAddress = process.env.MNEMOS_GRPC_WEB;
const runName = process.env.MNEMOS_RUN;
if (!grpcAddress || !webAddress || !runName) {
  console.error('set MNEMOS_GRPC, MNEMOS_GRPC_WEB and MNEMOS_RUN');
  process.exit(2);
}

const plain = new grpc.Client(grpcAddress, grpc.credentials.createInsecure());

function callPlain(method, request) {
  const Request = mlmd[method + 'Request'];
  const Response = mlmd[method + 'Response'];
  return new Promise((resolve) => {
    plain.makeUnaryRequest(
      SERVICE + method,
      (message) => Buffer.from(Request.encode(message).finish()),
      (bytes) => Response.decode(bytes),
      Request.create(request),
      (error, response) => resolve(error ? { error } : { response }),
    );
  });
}

function callWeb(format, method, request) {
  const Request = mlmd[method + 'Request'];
  const Response = mlmd[method + 'Response'];
  const descriptor = new grpcWeb.MethodDescriptor(
    SERVICE + method,
    grpcWeb.MethodType.UNARY,
    Request,
    Response,
    (message) => Request.encode(message).finish(),
    (bytes) => Response.decode(bytes),
  );
  const client = new grpcWeb.GrpcWebClientBase({ format });
  return client
    .unaryCall(webAddress + SERVICE + method, Request.create(request), {}, descriptor)
    .then((response) => ({ response }), (error) => ({ error }));
}

function bytesOf(method, outcome) {
  if (outcome.error) {
    // grpc-js puts the status description in `details` (its message adds the code's name).
    const description = outcome.error.details ?? outcome.error.message;
    return `error ${outcome.error.code} ${description}`;
  }
  return Buffer.from(mlmd[method + 'Response'].encode(outcome.response).finish()).toString('hex');
}

let mismatches = 0;

async function compare(method, request) {
  const expected = await callPlain(method, request);
  for (const format of ['binary', 'text']) {
    const actual = await callWeb(format, method, request);
    const same = bytesOf(method, expected) === bytesOf(method, actual);
    if (!same) {
      mismatches++;
    }
    console.log(
      JSON.stringify({
        call: method,
        format,
        same,
        error: expected.error ? expected.error.code : undefined,
        web: same ? undefined : bytesOf(method, actual).slice(0, 200),
        grpc: same ? undefined : bytesOf(method, expected).slice(0, 200),
      }),
    );
  }
  return expected.response;
}

async function main() {
  const types = await compare('GetArtifactTypes', {});
  console.log(JSON.stringify({ artifactTypes: types.artifactTypes.length }));

  const artifactIds = [];
  let token = '';
  let pages = 0;
  do {
    const page = await compare('GetArtifacts', {
      options: { maxResultSize: 2, nextPageToken: token, orderByField: { field: 1, isAsc: true } },
    });
    page.artifacts.forEach((artifact) => artifactIds.push(artifact.id));
    token = page.nextPageToken || '';
    pages++;
  } while (token);
  console.log(JSON.stringify({ pages, artifacts: artifactIds.length }));

  const events = await compare('GetEventsByArtifactIDs', { artifactIds });
  console.log(JSON.stringify({ events: events.events.length }));

  const run = await compare('GetContextByTypeAndName', {
    typeName: 'system.PipelineRun',
    contextName: runName,
  });
  const executions = await compare('GetExecutionsByContext', { contextId: run.context.id });
  console.log(JSON.stringify({ executions: executions.executions.length }));

  await compare('GetArtifacts', { options: { filterQuery: 'uri = = 1' } });
  await compare('GetArtifactsByID', { artifactIds: [987654321] });

  plain.close();
  console.log(JSON.stringify({ mismatches }));
  process.exit(mismatches === 0 ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(3);
});
