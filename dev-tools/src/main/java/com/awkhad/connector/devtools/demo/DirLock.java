package com.awkhad.connector.devtools.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The demo's hold on its directory ({@code demo.lock}, an OS file lock): a second demo on the same
 * directory stops before it touches the database of the first. The OS releases the lock when
 * the process dies, so a crashed demo never blocks the next one.
 */
final class DirLock implements AutoCloseable {
  static final String FILE = "demo.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock of {@code dir}, creating it.
   *
   * @throws IllegalStateException when another demo (in this process or another) holds it
   */
  static DirLock take(Path dir) {
    FileChannel channel = null;
    try {
      Files.createDirectories(dir);
      channel = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException sameProcess) {
        lock = null;
      }
      if (lock == null) {
        throw new IllegalStateException("Another demo is running on " + dir + " (it holds " + FILE + "): its"
            + " database was left alone. Stop it first (Ctrl-C), or run a second one with --dir OTHER_DIR"
            + " --http-port 0.");
      }
      return new DirLock(channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException("Cannot lock the demo directory " + dir + ": " + e.getMessage()
          + ". Check that it is writable, or pass another --dir", e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing held yet
      }
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // the lock goes with the channel; closing is all that matters
    }
  }
}
