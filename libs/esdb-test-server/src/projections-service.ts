import { projectionsPb, sharedPb } from './proto';
import { rpcError, Status } from './rpc-errors';
import { SystemProjections } from './system-projections';

type Callback = (error: unknown, value?: unknown) => void;

/**
 * The Projections service's Enable and Disable for the two system projections (what the client's
 * `enableProjection('$by_category')` sends) and RestartSubsystem (they stop and start again).
 * State, Result, Update, Reset and Delete of any other name answer NOT_FOUND, as the server does
 * for a projection it does not have (the client's `NotFoundError`); on the system projections they
 * and every other projection call stay UNIMPLEMENTED, since the test server runs no JavaScript
 * projections.
 */
export function projectionsHandlers(projections: SystemProjections) {
  const toggle =
    (enabled: boolean, Response: new () => unknown) =>
    (call: { request: { getOptions(): { getName(): string } | undefined } }, callback: Callback) => {
      const name = call.request.getOptions()?.getName() ?? '';
      if (!SystemProjections.isSystemProjection(name)) {
        callback(
          rpcError(
            Status.NOT_FOUND,
            `Projection ${name} is not found: the test server runs only $by_category and $by_event_type`,
          ),
        );
        return;
      }
      projections.setEnabled(name, enabled).then(
        () => callback(null, new Response()),
        (error: unknown) =>
          callback(rpcError(Status.UNKNOWN, error instanceof Error ? error.message : String(error))),
      );
    };
  const notFoundUnlessSystem =
    (method: string) =>
    (call: { request: { getOptions(): { getName(): string } | undefined } }, callback: Callback) => {
      const name = call.request.getOptions()?.getName() ?? '';
      callback(
        SystemProjections.isSystemProjection(name)
          ? rpcError(
              Status.UNIMPLEMENTED,
              `/event_store.client.projections.Projections/${method} is not implemented by the test server for ${name}`,
            )
          : rpcError(Status.NOT_FOUND, `Projection ${name} is not found`),
      );
    };
  return {
    enable: toggle(true, projectionsPb.EnableResp),
    disable: toggle(false, projectionsPb.DisableResp),
    state: notFoundUnlessSystem('State'),
    result: notFoundUnlessSystem('Result'),
    update: notFoundUnlessSystem('Update'),
    reset: notFoundUnlessSystem('Reset'),
    delete: notFoundUnlessSystem('Delete'),
    restartSubsystem: (_call: unknown, callback: Callback) => {
      projections.restart().then(
        () => callback(null, new sharedPb.Empty()),
        (error: unknown) =>
          callback(rpcError(Status.UNKNOWN, error instanceof Error ? error.message : String(error))),
      );
    },
  };
}
