// The check ids of the course's curriculum (the design's table, copied here so that the self-check
// reads nothing outside the project): they are part of the contract with students and CI, so a
// lesson may not rename, add or drop one without this table changing too.
export interface ContractLesson {
  slug: string;
  checks: readonly string[];
}

export const CURRICULUM: Readonly<Record<number, ContractLesson>> = {
  1: { slug: 'sockets', checks: ['connects', 'replies-token', 'knows-own-port', 'closes-gracefully', 'connection-refused'] },
  2: { slug: 'families', checks: ['unix', 'ipv4', 'ipv6', 'stale-socket-file', 'removes-socket-file'] },
  3: { slug: 'api', checks: ['greets-first', 'answers', 'large-answer', 'closes-after-answer', 'exits-after-one-client'] },
  4: { slug: 'handshakes', checks: ['waits-for-fin', 'digest', 'empty-stream', 'closes-after-answer'] },
  5: { slug: 'server-loops', checks: ['many-messages', 'sequential-clients', 'client-disconnect', 'client-reset', 'no-busy-loop', 'large-message'] },
  6: { slug: 'time-wait', checks: ['serves-and-closes', 'graceful-shutdown', 'restart-reuse', 'port-busy-error', 'passive-close'] },
  7: { slug: 'udp', checks: ['echo', 'boundaries', 'empty-datagram', 'many-clients', 'client-gone', 'large-datagram'] },
  8: { slug: 'framing', checks: ['split-frames', 'coalesced-frames', 'empty-frame', 'large-frame', 'oversized-frame', 'byte-order'] },
  9: { slug: 'concurrency', checks: ['concurrent-clients', 'broadcast', 'leave-cleanly', 'burst-connects', 'slow-client-isolation'] },
  10: { slug: 'timeouts', checks: ['idle-timeout', 'active-not-timed-out', 'backpressure', 'client-abort-midstream'] },
};

/** What differs between a lesson and the contract (empty when they agree, or when the contract has no such lesson). */
export function compareWithContract(lesson: { number: number; slug: string; checks: readonly { id: string }[] }, curriculum = CURRICULUM): string[] {
  const contract = curriculum[lesson.number];
  if (!contract) return [];
  const problems: string[] = [];
  if (lesson.slug !== contract.slug) problems.push(`lesson ${lesson.number} is "${contract.slug}" in the curriculum, not "${lesson.slug}"`);
  const ids = lesson.checks.map((c) => c.id);
  const missing = contract.checks.filter((id) => !ids.includes(id));
  const extra = ids.filter((id) => !contract.checks.includes(id));
  if (missing.length) problems.push(`checks the curriculum names but the lesson lacks: ${missing.join(', ')}`);
  if (extra.length) problems.push(`checks the curriculum does not name: ${extra.join(', ')} (check ids are a contract with students and CI: change the curriculum first, in grader/tools/course-contract.ts)`);
  const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (twice.length) problems.push(`check ids used twice: ${[...new Set(twice)].join(', ')}`);
  return problems;
}
