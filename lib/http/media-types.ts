// Response media types, offered vendor type first as Clair does; `application/json` always works.

export const JSON_TYPE = 'application/json';

export const MEDIA_TYPES = {
  indexReport: ['application/vnd.clair.index_report.v1+json', JSON_TYPE],
  indexState: ['application/vnd.clair.index_state.v1+json', JSON_TYPE],
  bulkDelete: ['application/vnd.clair.bulk_delete.v1+json', JSON_TYPE],
  affectedManifests: ['application/vnd.clair.affected_manifests.v1+json', JSON_TYPE],
  vulnerabilityReport: ['application/vnd.clair.vulnerability_report.v1+json', JSON_TYPE],
  updateOperations: ['application/vnd.clair.update_operations.v1+json', JSON_TYPE],
  updateDiff: ['application/vnd.clair.update_diff.v1+json', JSON_TYPE],
  notificationPage: ['application/vnd.clair.notification_page.v1+json', JSON_TYPE],
  openapi: [
    'application/openapi+json',
    'application/openapi+yaml',
    JSON_TYPE,
    'application/yaml',
    'application/vnd.oai.openapi+json',
    'application/vnd.oai.openapi+yaml',
  ],
} as const;
