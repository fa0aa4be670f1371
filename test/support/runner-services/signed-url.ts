// Signed blob URLs, shaped like Azure's service SAS (`sv`, `sr`, `sp`, `se`, `sig` query
// parameters) so the clients treat them as they treat the real ones (they mask `sig` as a secret).
// The signature covers the permissions, the expiry and the blob path; the store checks all three.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** `r` read (download); `cw` create and write (upload). */
export type BlobPermission = 'r' | 'cw';

/** The storage service version the SAS claims (any recent one: the SDK does not read it). */
const SAS_VERSION = '2025-01-05';

export class BlobSigner {
  private readonly secret = randomBytes(32);

  /** `origin` + `/<account>/<container>/<blob>` with a SAS query. */
  sign(origin: string, blobPath: string, permission: BlobPermission, expiresAt: Date): string {
    const se = expiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z');
    const params = new URLSearchParams({ sv: SAS_VERSION, sr: 'b', sp: permission, se, sig: this.signature(permission, se, blobPath) });
    return `${origin}${blobPath}?${params.toString()}`;
  }

  /** Why a request on `blobPath` with this query may not do `needed`, or null when it may. */
  refusal(blobPath: string, query: URLSearchParams, needed: 'r' | 'w'): { code: string; message: string } | null {
    const sp = query.get('sp');
    const se = query.get('se');
    const sig = query.get('sig');
    if (!sp || !se || !sig || query.get('sr') !== 'b') {
      return { code: 'AuthenticationFailed', message: 'Server failed to authenticate the request: the SAS is missing a parameter.' };
    }
    const expected = Buffer.from(this.signature(sp, se, blobPath));
    const given = Buffer.from(sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      return { code: 'AuthenticationFailed', message: 'Server failed to authenticate the request: signature did not match.' };
    }
    if (!(new Date(se).getTime() > Date.now())) {
      return { code: 'AuthenticationFailed', message: `Server failed to authenticate the request: signed expiry time [${se}] has to be after the current time.` };
    }
    if (!sp.includes(needed)) return { code: 'AuthorizationPermissionMismatch', message: 'This request is not authorized to perform this operation using this permission.' };
    return null;
  }

  private signature(permission: string, expiry: string, blobPath: string): string {
    return createHmac('sha256', this.secret).update(`${permission}\n${expiry}\nb\n${blobPath}`).digest('base64');
  }
}
