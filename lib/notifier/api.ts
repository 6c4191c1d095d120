import type pg from 'pg';
import { MEDIA_TYPES } from '../http/media-types.ts';
import type { Route } from '../http/router.ts';
import { type ApiDeps, type ApiHandler, createApiHandler } from '../http/stack.ts';
import { deleteNotificationsRoute, getNotificationsRoute } from './notification-routes.ts';

export type NotifierApiDeps = ApiDeps & { readonly db: pg.Pool };

/** The notifier's routes (Clair endpoint table rows 11-12). */
export function notifierRoutes(deps: NotifierApiDeps): Route[] {
  return [
    {
      path: '/notifier/api/v1/notification/{id}',
      produces: MEDIA_TYPES.notificationPage,
      methods: {
        GET: (req) => getNotificationsRoute(req, deps),
        DELETE: (req) => deleteNotificationsRoute(req, deps),
      },
    },
  ];
}

/** The notifier-api function's handler. */
export function createNotifierApi(deps: NotifierApiDeps): ApiHandler {
  return createApiHandler('notifier', notifierRoutes(deps), deps);
}
