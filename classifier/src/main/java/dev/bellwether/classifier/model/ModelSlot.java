package dev.bellwether.classifier.model;

import dev.bellwether.event.ModelId;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The model version that scores the next batch, replaceable while the pipeline runs.
 *
 * <p>A batch {@linkplain #acquire() leases} the current model and scores entirely on it, so
 * every record of the batch carries that model's id. {@link #swap} makes another version current
 * at once; a replaced version is closed when its last lease ends, so batches in flight finish on
 * it and none scores on a closed session. Thread-safe.
 */
public final class ModelSlot implements AutoCloseable {

  private final AtomicReference<Held> current;

  private ModelSlot(NewsClassifier first) {
    this.current = new AtomicReference<>(new Held(first));
  }

  /** A slot serving {@code first}; closing the slot (or swapping it out) closes the model. */
  public static ModelSlot of(NewsClassifier first) {
    return new ModelSlot(first);
  }

  /**
   * The current model, held open until the lease is closed.
   *
   * @throws IllegalStateException when the slot is closed
   */
  public Lease acquire() {
    while (true) {
      Held held = current.get();
      if (held == null) {
        throw new IllegalStateException("the model slot is closed");
      }
      if (held.retain()) {
        return new Lease(held);
      }
      // Lost a race with a swap that released the last reference: read the new current one.
    }
  }

  /** Id of the current model, or null once the slot is closed. */
  public ModelId currentId() {
    Held held = current.get();
    return held == null ? null : held.model.id();
  }

  /** Whether {@link #close()} has been called. */
  public boolean isClosed() {
    return current.get() == null;
  }

  /**
   * Makes {@code next} current; the replaced model closes when its last lease ends.
   *
   * @return the id of the replaced model
   * @throws IllegalStateException when the slot is closed (then {@code next} is closed too)
   */
  public ModelId swap(NewsClassifier next) {
    Held fresh = new Held(next);
    Held old;
    do {
      old = current.get();
      if (old == null) {
        next.close();
        throw new IllegalStateException("the model slot is closed; " + next.id().display() + " was not installed");
      }
    } while (!current.compareAndSet(old, fresh));
    old.release();
    return old.model.id();
  }

  /** Closes the current model once its leases end; later {@link #acquire()} calls fail. */
  @Override
  public void close() {
    Held held = current.getAndSet(null);
    if (held != null) {
      held.release();
    }
  }

  /** A model held open for one batch. Closing it twice is harmless. */
  public static final class Lease implements AutoCloseable {

    private final Held held;
    private boolean released;

    private Lease(Held held) {
      this.held = held;
    }

    /** The leased model. */
    public NewsClassifier classifier() {
      return held.model;
    }

    @Override
    public void close() {
      if (!released) {
        released = true;
        held.release();
      }
    }
  }

  /** A model and its reference count: one for the slot while current, one per open lease. */
  private static final class Held {

    private final NewsClassifier model;
    private final AtomicInteger references = new AtomicInteger(1);

    Held(NewsClassifier model) {
      this.model = model;
    }

    boolean retain() {
      while (true) {
        int n = references.get();
        if (n == 0) {
          return false;
        }
        if (references.compareAndSet(n, n + 1)) {
          return true;
        }
      }
    }

    void release() {
      if (references.decrementAndGet() == 0) {
        model.close();
      }
    }
  }
}
