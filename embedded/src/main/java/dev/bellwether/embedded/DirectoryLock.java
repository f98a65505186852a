package dev.bellwether.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exclusive lock on a directory, held by one process (and one holder in it) at a time: an OS
 * file lock on a lock file inside it, which also names its holder (process id and since when) for
 * the message another process gets. Taken before anything in the directory is read or written, so
 * that a second Bellwether on the same directory stops without changing the first one's state.
 * The OS releases it when the process ends, even when killed.
 *
 * <p>Lock files held in this process are also remembered here and refused before any file is
 * opened: POSIX releases all of a process's locks on a file when it closes any descriptor of it,
 * so a second attempt in the same JVM must not open the file at all.
 */
public final class DirectoryLock implements AutoCloseable {

  private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;
  private boolean closed;

  private DirectoryLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Locks {@code dir} (created when missing) through the file {@code name} in it.
   *
   * @param what what the directory is, for the message (e.g. "the data directory")
   * @throws Locked when another process, or another holder in this one, has it
   * @throws UncheckedIOException when the directory or the lock file cannot be created
   */
  public static DirectoryLock acquire(Path dir, String name, String what) {
    Path file = dir.toAbsolutePath().normalize().resolve(name);
    if (!HELD_HERE.add(file)) {
      throw new Locked(what + " " + dir + " is in use by another Bellwether in this process (lock file " + file + ")");
    }
    FileChannel channel = null;
    try {
      Files.createDirectories(file.getParent());
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        String holder = holder(channel);
        channel.close();
        HELD_HERE.remove(file);
        throw new Locked(what + " " + dir + " is in use by another Bellwether"
            + (holder.isEmpty() ? "" : " (" + holder + ")") + " (lock file " + file + ")");
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + " since " + Instant.now() + "\n")
          .getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(false);
      return new DirectoryLock(file, channel, lock);
    } catch (IOException e) {
      HELD_HERE.remove(file);
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw new UncheckedIOException("cannot lock " + what + " " + dir + " (" + e.getMessage() + ")", e);
    }
  }

  /** The lock file. */
  public Path file() {
    return file;
  }

  /** Releases the lock; the file stays, as deleting it could race with the next holder. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (lock.isValid()) {
        lock.release();
      }
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release the lock " + file, e);
    } finally {
      HELD_HERE.remove(file);
    }
  }

  private static String holder(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(200);
    int n = channel.read(buffer, 0);
    return n <= 0 ? "" : new String(buffer.array(), 0, n, StandardCharsets.UTF_8).strip();
  }

  /** The directory is locked by someone else; the message says by whom and where. */
  public static final class Locked extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    Locked(String message) {
      super(message);
    }
  }
}
