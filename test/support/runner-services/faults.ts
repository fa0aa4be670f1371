// Failures on demand, for tests of how the action copes when the runner's services misbehave:
// an error status on one operation (a Twirp method or a blob operation), or a connection cut
// before any answer (which the clients see as ECONNRESET).

/** Twirp methods (`CreateArtifact`, `GetCacheEntryDownloadURL`...) or blob operations. */
export type ServiceOperation = string;

export const BLOB_OPERATIONS = ['PutBlock', 'PutBlockList', 'PutBlob', 'GetBlob', 'GetBlobProperties'] as const;

export interface ServiceFault {
  operation: ServiceOperation;
  /** How many matching requests fail (default 1; `Infinity` for an outage). */
  times?: number;
  /** The status to answer with (Twirp gets the matching code, blobs an XML error). */
  status?: number;
  /** Twirp's `code` (default: the one Twirp assigns to `status`) or Azure's error code (default `InternalError`). */
  code?: string;
  /** Twirp's `msg`, or the blob error's message. */
  message?: string;
  /** Cut the connection instead of answering. */
  reset?: boolean;
}

interface ArmedFault extends ServiceFault {
  remaining: number;
}

export class ServiceFaults {
  private readonly faults: ArmedFault[] = [];

  inject(fault: ServiceFault): void {
    if (!fault.reset && fault.status === undefined) throw new Error('a fault needs a status or reset: true');
    this.faults.push({ ...fault, remaining: fault.times ?? 1 });
  }

  /** The fault for this operation, consuming one of its `times`. */
  take(operation: ServiceOperation): ServiceFault | null {
    const fault = this.faults.find((f) => f.remaining > 0 && f.operation === operation);
    if (!fault) return null;
    fault.remaining--;
    return fault;
  }

  /** Faults not yet consumed (a test can check its failures were all hit). */
  pending(): ServiceFault[] {
    return this.faults.filter((f) => f.remaining > 0).map(({ remaining, ...fault }) => ({ ...fault, times: remaining }));
  }
}
