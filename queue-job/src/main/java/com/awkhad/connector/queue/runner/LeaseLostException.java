package com.awkhad.connector.queue.runner;

/** This runner's lease row is gone: another runner found it dead and requeued its jobs. */
final class LeaseLostException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  LeaseLostException(String workerId) {
    super("Runner " + workerId + " lost its lease (it missed its heartbeats and was found dead);"
        + " it registers again before claiming more jobs");
  }
}
