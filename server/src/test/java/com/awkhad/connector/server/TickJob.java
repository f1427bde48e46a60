package com.awkhad.connector.server;

import com.awkhad.connector.base.env.Environment;

/** A job class for the CLI's tests of recurring jobs (the bench's jobs live in dev-tools). */
public class TickJob {
  public TickJob(Environment env) {}

  /** Does nothing: the tests only list its definition. */
  public void run(String runId, long no, int batch, int sleepMs) {}
}
