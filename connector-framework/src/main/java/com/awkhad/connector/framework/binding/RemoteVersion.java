package com.awkhad.connector.framework.binding;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What the external system said about the version of a record when we last read or wrote it: its
 * last-change timestamp ({@code updatedAt}, on the remote's clock) and, where the API has one, an
 * opaque version string ({@code tag}: an ETag, a revision number, a lock version). Either may be
 * null; a binding stores the version it last synchronized, in the same transaction as the values.
 *
 * <pre>{@code
 * RemoteVersion stored = binding.remoteVersion();             // what we imported
 * RemoteVersion current = adapter.versionOf(adapter.read(id)); // what the remote has now
 * if (stored.freshness(current, ChronoUnit.SECONDS) == RemoteVersion.Freshness.SAME) { ... up to date ... }
 * }</pre>
 *
 * <p>Comparing never involves our own clock: "up to date" means the remote's current version equals
 * or precedes the stored one, both read from the remote.
 *
 * @param updatedAt the remote's last-change time of the record, or null when it has none
 * @param tag the remote's version string of the record, or null when it has none
 */
public record RemoteVersion(Instant updatedAt, String tag) {
  /** No version known: every comparison says {@link Freshness#UNKNOWN}. */
  public static final RemoteVersion NONE = new RemoteVersion(null, null);

  /** Longer tags are kept as their SHA-256 (the binding's column holds 512 characters). */
  static final int MAX_TAG = 200;

  public RemoteVersion {
    tag = tag == null || tag.isEmpty() ? null : tag.length() > MAX_TAG ? sha256(tag) : tag;
    updatedAt = updatedAt == null ? null : updatedAt.truncatedTo(ChronoUnit.MICROS);
  }

  private static String sha256(String s) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return "sha256:" + java.util.HexFormat.of().formatHex(d);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A version with a timestamp only. */
  public static RemoteVersion at(Instant updatedAt) {
    return new RemoteVersion(updatedAt, null);
  }

  /** True when the remote told us anything about the version. */
  public boolean isKnown() {
    return updatedAt != null || tag != null;
  }

  /** How a remote version compares with a stored one. */
  public enum Freshness {
    /** The remote changed since the stored version: import (or, for an export, a conflict). */
    NEWER,
    /** The remote still has the stored version: up to date. */
    SAME,
    /** The remote answered a version older than the stored one (a lagging replica, a stale list page): keep ours. */
    OLDER,
    /** Nothing to compare (no stored version, or the remote gives none): treat as changed. */
    UNKNOWN
  }

  /**
   * How {@code current} (what the remote says now) compares with this stored version.
   *
   * <ul>
   *   <li>Both have a tag: equal tags are {@link Freshness#SAME}; different tags are
   *       {@link Freshness#NEWER}, unless both timestamps say {@code current} is strictly older.
   *   <li>Else both have a timestamp: before is {@link Freshness#OLDER}, after is
   *       {@link Freshness#NEWER}; equal is {@link Freshness#SAME} only when the remote's clock is
   *       finer than a second ({@code precision} of milliseconds or finer). At whole seconds a
   *       second change within the same second carries the same stamp, so equal means "maybe
   *       changed" and the record is imported again (cheap, and nothing is lost).
   *   <li>Else {@link Freshness#UNKNOWN}.
   * </ul>
   *
   * @param precision the precision of the remote's timestamps ({@code RemoteClock.precision()})
   */
  public Freshness freshness(RemoteVersion current, ChronoUnit precision) {
    if (current == null || !isKnown() || !current.isKnown()) {
      return Freshness.UNKNOWN;
    }
    boolean stamps = updatedAt != null && current.updatedAt != null;
    if (tag != null && current.tag != null) {
      if (tag.equals(current.tag)) {
        return Freshness.SAME;
      }
      return stamps && current.updatedAt.isBefore(updatedAt) ? Freshness.OLDER : Freshness.NEWER;
    }
    if (!stamps) {
      return Freshness.UNKNOWN;
    }
    int c = current.updatedAt.compareTo(updatedAt);
    if (c < 0) {
      return Freshness.OLDER;
    }
    if (c > 0) {
      return Freshness.NEWER;
    }
    return precision.getDuration().compareTo(ChronoUnit.MILLIS.getDuration()) <= 0 ? Freshness.SAME : Freshness.NEWER;
  }

  /**
   * True only when {@code current} is known to be a later version than this stored one: different
   * tags, unless the stamps say it is older; or, without tags on both sides, a strictly later stamp.
   * An equal stamp is not "later" here, whatever the precision (see {@link #freshness} for why
   * an importer still reads it again). Exporters use this to decide that the remote changed under
   * them: a stamp equal to the one of our own last write is our write.
   */
  public boolean isOlderThan(RemoteVersion current) {
    if (current == null || !isKnown() || !current.isKnown()) {
      return false;
    }
    boolean stamps = updatedAt != null && current.updatedAt != null;
    if (tag != null && current.tag != null) {
      return !tag.equals(current.tag) && !(stamps && current.updatedAt.isBefore(updatedAt));
    }
    return stamps && current.updatedAt.isAfter(updatedAt);
  }

  @Override
  public String toString() {
    if (!isKnown()) {
      return "no version";
    }
    return (updatedAt == null ? "" : "updated " + updatedAt) + (updatedAt != null && tag != null ? ", " : "")
        + (tag == null ? "" : "version '" + tag + "'");
  }
}
