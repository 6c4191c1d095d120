import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsIdentity } from './identity.ts';

type SourceData = string | ArrayBuffer | ArrayBufferView;

const bytes = (data: SourceData): string | Uint8Array =>
  typeof data === 'string'
    ? data
    : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data);

// SignatureV4 takes a hash constructor (HMAC when given a key), so this one is a class.
class Sha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

/** AWS Signature Version 4 for one service, with the identity's region and credentials. */
export function awsSigner(identity: AwsIdentity, service: string): SignatureV4 {
  return new SignatureV4({
    service,
    region: identity.region,
    credentials: identity.credentials,
    sha256: Sha256,
  });
}
