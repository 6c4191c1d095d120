import { MEDIA_TYPES } from '../http/media-types.ts';
import { notImplemented } from '../http/not-implemented.ts';
import type { Route } from '../http/router.ts';
import { type ApiDeps, type ApiHandler, createApiHandler } from '../http/stack.ts';

/** The notifier's routes (Clair endpoint table rows 11-12). */
export const notifierRoutes: readonly Route[] = [
  {
    path: '/notifier/api/v1/notification/{id}',
    produces: MEDIA_TYPES.notificationPage,
    methods: {
      GET: notImplemented('notification pages'),
      DELETE: notImplemented('deleting notifications'),
    },
  },
];

/** The notifier-api function's handler. */
export function createNotifierApi(deps: ApiDeps): ApiHandler {
  return createApiHandler('notifier', notifierRoutes, deps);
}
