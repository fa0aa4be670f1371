// The ends of long output within one byte budget: a test runner prints its failures and its summary
// last, a build its first error early, so a third of the budget keeps the head and two thirds the tail,
// and the cut between them is marked. Used where verification output is kept (the verifier) and
// wherever it is shown (the review prompt, Claude's prompt).

/** The share of the budget the head gets; the tail gets the rest. */
const HEAD_SHARE = 1 / 3;

/** How many bytes of a budget go to the head; the tail gets the rest. */
export function headBytesOf(maxBytes: number): number {
  return Math.floor(maxBytes * HEAD_SHARE);
}

/** The cut between head and tail, as it appears in the text. */
export function cutNote(bytes: number, what: string): string {
  return `[... ${bytes} bytes of ${what} cut ...]`;
}

/** Keeps at most `maxBytes` UTF-8 bytes of the text: its head and its tail, the cut marked between them. */
export function headAndTail(text: string, maxBytes: number, what: string): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  const headBytes = headBytesOf(maxBytes);
  return joinEnds(bytes.subarray(0, headBytes), bytes.subarray(bytes.length - (maxBytes - headBytes)), bytes.length - maxBytes, what);
}

/**
 * Head and tail buffers as text with the cut marked. A character split by the cut leaves replacement
 * characters at the inner edges; those are dropped (the cut count stays in bytes of the original).
 */
export function joinEnds(head: Buffer, tail: Buffer, cutBytes: number, what: string): string {
  const start = head.toString('utf8').replace(/\uFFFD+$/, '');
  const end = tail.toString('utf8').replace(/^\uFFFD+/, '');
  return `${start}\n${cutNote(cutBytes, what)}\n${end}`;
}
