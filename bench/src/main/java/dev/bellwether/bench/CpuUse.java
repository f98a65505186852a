package dev.bellwether.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where this process's CPU time went between two snapshots, in cores (CPU seconds per wall
 * second), by group of Java threads; what no live Java thread accounts for is ONNX Runtime's
 * native worker threads, the JVM's garbage collector and compiler, and threads that ended.
 *
 * @param processNanos CPU time of the whole process
 * @param threadNanos CPU time of each live Java thread, by thread id
 * @param names each live thread's name, by thread id
 * @param wallNanos when the snapshot was taken ({@link System#nanoTime()})
 */
record CpuUse(long processNanos, Map<Long, Long> threadNanos, Map<Long, String> names, long wallNanos) {

  /** The group of the ONNX Runtime worker threads, GC, JIT and ended threads. */
  static final String NATIVE = "native (ONNX Runtime workers, GC, JIT)";

  /** The process's CPU time and each live Java thread's, now. */
  static CpuUse now() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<Long, Long> cpu = new HashMap<>();
    Map<Long, String> names = new HashMap<>();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long nanos = threads.getThreadCpuTime(info.getThreadId());
      if (nanos >= 0) {
        cpu.put(info.getThreadId(), nanos);
        names.put(info.getThreadId(), info.getThreadName());
      }
    }
    long process = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : -1;
    return new CpuUse(process, cpu, names, System.nanoTime());
  }

  /** Cores the whole process used since {@code before}. */
  double processCoresSince(CpuUse before) {
    return (processNanos - before.processNanos) / (double) (wallNanos - before.wallNanos);
  }

  /**
   * Cores used since {@code before} by each group of {@code group} (which names a thread's group
   * from its name), plus {@link #NATIVE} for the rest of the process.
   */
  Map<String, Double> coresSince(CpuUse before, java.util.function.Function<String, String> group) {
    double wall = wallNanos - before.wallNanos;
    Map<String, Double> out = new LinkedHashMap<>();
    long javaNanos = 0;
    for (Map.Entry<Long, Long> t : threadNanos.entrySet()) {
      long used = t.getValue() - before.threadNanos.getOrDefault(t.getKey(), 0L);
      javaNanos += used;
      out.merge(group.apply(names.get(t.getKey())), used / wall, Double::sum);
    }
    out.put(NATIVE, Math.max(0, processNanos - before.processNanos - javaNanos) / wall);
    return out;
  }
}
