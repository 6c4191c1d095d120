import { InvalidInputError, UpstreamError } from '../errors.ts';

/** The layer is not a readable tar (or a compressed one): permanent, the same bytes fail again. */
export class LayerFormatError extends InvalidInputError {
  override name = 'LayerFormatError';
}

/** The layer goes past a configured limit (size, entries, expansion): permanent. */
export class LayerLimitError extends InvalidInputError {
  override name = 'LayerLimitError';
}

/** The layer's bytes do not hash to its digest: permanent. */
export class DigestMismatchError extends InvalidInputError {
  override name = 'DigestMismatchError';
}

/** The layer URI points somewhere clairless may not connect to: permanent. */
export class ForbiddenAddressError extends InvalidInputError {
  override name = 'ForbiddenAddressError';
}

/** The registry refused or failed to serve the layer in a way a retry may fix. */
export class LayerFetchError extends UpstreamError {
  override name = 'LayerFetchError';
}
