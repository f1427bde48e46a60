/**
 * Wake hints: a datagram from a process that just committed pending jobs straight to the idle
 * runners, sooner than {@code NOTIFY}, which takes a detour through the database server
 * (figures in docs/benchmarks.md). A hint only says "look now": it carries no job, the runner
 * then claims through the database as usual, and {@code LISTEN/NOTIFY} stays the path that every
 * wake-up is sure to take. A lost, late or forged hint therefore costs at most one claim that finds nothing.
 *
 * <p>Each runner binds a {@link com.awkhad.connector.queue.wake.WakeReceiver} (loopback by default)
 * and stores its address and a random token in its {@code queue_worker} row; {@link
 * com.awkhad.connector.queue.wake.WakeHints} in every process that enqueues reads those rows and
 * sends the token to each live runner after each commit. A datagram without the right token is
 * dropped, so only a process that can read the queue's database can wake a runner.
 */
package com.awkhad.connector.queue.wake;
