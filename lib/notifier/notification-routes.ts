import { InvalidInputError, NotFoundError } from '../errors.ts';
import type { ApiRequest, ApiResponse } from '../http/request.ts';
import { NIL_UUID, parseUuid } from '../uuid.ts';
import type { NotifierApiDeps } from './api.ts';
import { notificationPage } from './store/notification-pages.ts';
import { getSet, markDeleted } from './store/notification-sets.ts';

export const DEFAULT_PAGE_SIZE = 500;
export const MAX_PAGE_SIZE = 1000;

function pageSize(text: string | null): number {
  if (text === null || text === '' || text === '0') return DEFAULT_PAGE_SIZE;
  const size = Number(text);
  if (!Number.isInteger(size) || size < 0)
    throw new InvalidInputError(`page_size ${JSON.stringify(text)} is not a positive integer`);
  return Math.min(size, MAX_PAGE_SIZE);
}

/**
 * GET notification/{id}?page_size=&next= (clair-spec.md section 2.14): a page of the set in id
 * order; `page.next` is the last id of the page when more follow. The size is capped at 1000.
 */
export async function getNotificationsRoute(req: ApiRequest, deps: NotifierApiDeps): Promise<ApiResponse> {
  const id = parseUuid(req.params.id, 'notification id');
  const size = pageSize(req.query.get('page_size'));
  const next = req.query.get('next');
  const after = next === null || next === '' || next === NIL_UUID ? undefined : parseUuid(next, 'next');
  if ((await getSet(deps.db, id)) === undefined) throw new NotFoundError(`notification ${id} not found`);
  const rows = await notificationPage(deps.db, id, after, size + 1);
  const notifications = rows.slice(0, size);
  const page = rows.length > size ? { size, next: notifications.at(-1)?.id } : { size };
  return { status: 200, json: { page, notifications } };
}

/** DELETE notification/{id}: marks the set deleted (purged by the next sweep); 404 if it never existed. */
export async function deleteNotificationsRoute(req: ApiRequest, deps: NotifierApiDeps): Promise<ApiResponse> {
  const id = parseUuid(req.params.id, 'notification id');
  if (!(await markDeleted(deps.db, id))) throw new NotFoundError(`notification ${id} not found`);
  return { status: 200 };
}
