/**
 * Whoever connects an element often adds its listeners just after, in the same task: `@lit/react` (React 18) in a
 * layout effect, plain code as `parent.append(el); el.addEventListener(…)`. An element that already knows something
 * as it connects (the session another element resolved, a missing configuration) would tell it to nobody. So the
 * customer controller calls `connecting(host)` as its host connects, and until the next microtask whatever it raises
 * through `emit` and `afterConnecting` is queued, then run in order; at any other time both run at once. Only the events wait:
 * the host's state changes at once. (Elements with nothing to show before their first update do their connect-time
 * work in it instead, which runs after that task too.) An element disconnected before the microtask still dispatches
 * what it queued, since the state those events report was real (listeners on the element hear them; bubbling ones
 * no longer reach the document).
 */
const queues = new WeakMap<EventTarget, (() => void)[]>();

/** Opens `host`'s connecting window, which closes at the next microtask. */
export function connecting(host: EventTarget): void {
  if (queues.has(host)) return;
  const queue: (() => void)[] = [];
  queues.set(host, queue);
  queueMicrotask(() => {
    // A job queued by an earlier one (a listener's change) still runs after the jobs before it.
    try {
      for (let job; (job = queue.shift()); ) job();
    } finally {
      queues.delete(host);
    }
  });
}

/** Runs `job` now, or, while `host` is connecting, at the end of that task after what it queued before. */
export function afterConnecting(host: EventTarget, job: () => void): void {
  const queue = queues.get(host);
  if (queue) queue.push(job);
  else job();
}

/** Dispatches `event` on `host` now, or, while `host` is connecting, at the end of that task (in order). */
export function emit(host: EventTarget, event: Event): void {
  afterConnecting(host, () => host.dispatchEvent(event));
}
