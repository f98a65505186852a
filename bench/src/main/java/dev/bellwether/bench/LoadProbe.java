package dev.bellwether.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What the load bench samples while it runs: the consumer lag of each Streams application (end
 * offsets of its input partitions less its committed offsets) and the heap in use right after each
 * garbage collection, which is the live data and so what would grow without bound on a leak.
 */
final class LoadProbe implements AutoCloseable {

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  private final Admin admin;
  private final List<String> groups;
  private final AtomicLong heapAfterGc = new AtomicLong(-1);
  private final Map<NotificationEmitter, NotificationListener> listeners = new HashMap<>();

  LoadProbe(Admin admin, List<String> groups) {
    this.admin = admin;
    this.groups = List.copyOf(groups);
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        NotificationListener listener = this::onGc;
        emitter.addNotificationListener(listener, null, null);
        listeners.put(emitter, listener);
      }
    }
  }

  private void onGc(Notification notification, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
    long used = 0;
    for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
      if (isHeap(pool.getKey())) {
        used += pool.getValue().getUsed();
      }
    }
    heapAfterGc.set(used);
  }

  private static boolean isHeap(String pool) {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .anyMatch(p -> p.getName().equals(pool) && p.getType() == java.lang.management.MemoryType.HEAP);
  }

  /** Heap bytes in use after the latest collection, or -1 before the first. */
  long heapAfterGc() {
    return heapAfterGc.get();
  }

  /** Records each group has still to read, summed over its input partitions; absent groups count 0. */
  Map<String, Long> lag() throws InterruptedException {
    Map<String, Long> out = new HashMap<>();
    try {
      for (String group : groups) {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
            admin.listOffsets(latest).all().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        long lag = 0;
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : committed.entrySet()) {
          if (e.getValue() != null) {
            lag += Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset());
          }
        }
        out.put(group, lag);
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read consumer lag of " + groups + ": " + e, e);
    }
    return out;
  }

  /** Group names in the order given. */
  List<String> groups() {
    return new ArrayList<>(groups);
  }

  @Override
  public void close() {
    listeners.forEach((emitter, listener) -> {
      try {
        emitter.removeNotificationListener(listener);
      } catch (ListenerNotFoundException e) {
        // Already gone: nothing to remove.
      }
    });
  }
}
