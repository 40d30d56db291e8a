import { projectionsPb } from './proto';
import { rpcError, Status } from './rpc-errors';
import { SystemProjections } from './system-projections';

type Callback = (error: unknown, value?: unknown) => void;

/**
 * The Projections service's Enable and Disable for the two system projections (what the client's
 * `enableProjection('$by_category')` sends); every other projection call stays UNIMPLEMENTED, since
 * the test server runs no JavaScript projections.
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
  return {
    enable: toggle(true, projectionsPb.EnableResp),
    disable: toggle(false, projectionsPb.DisableResp),
  };
}
