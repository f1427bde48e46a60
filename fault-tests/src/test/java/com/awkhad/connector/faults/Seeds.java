package com.awkhad.connector.faults;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The seed of a fault run: {@code -Dfaults.seed=N} to replay one, else a fresh random one. Every
 * test prints its seed before injecting anything, and every failure message repeats it.
 */
final class Seeds {
  private Seeds() {}

  static long seed(String test) {
    Long given = Long.getLong("faults.seed");
    long seed = given != null ? given : ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    System.out.println("FAULT SEED " + test + ": " + seed + " (replay with -Dfaults.seed=" + seed + ")");
    return seed;
  }
}
