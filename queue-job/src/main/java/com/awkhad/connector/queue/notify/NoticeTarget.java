package com.awkhad.connector.queue.notify;

/**
 * Where digests go: a webhook, a mailbox. Called by the delivery job ({@link NotifyJobs}) on a
 * runner's worker thread; a target throws {@link DeliveryException} to have the job retried
 * (server down, timeout, 5xx, 429) or failed (a refusal that retrying will not fix).
 *
 * <pre>{@code
 * NoticeTarget log = new NoticeTarget() {
 *   public String name() { return "log"; }
 *   public void send(Digest d) { System.out.println(d.title()); }
 * };
 * }</pre>
 */
public interface NoticeTarget {
  /**
   * The target's name, stored in the delivery job instead of its address (a webhook URL may be
   * a secret): every runner of the database must configure the same names.
   */
  String name();

  /** Sends one digest; returns once the server accepted it. */
  void send(Digest digest) throws DeliveryException;

  /** What the operator sees of this target: its name and the kind of address, never a secret. */
  default String describe() {
    return name();
  }
}
