package dev.bellwether.console;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The console's server-sent events: every change the feed sees, encoded once and handed to each
 * open page. A page that cannot keep up is disconnected rather than buffered without bound; its
 * browser reconnects and reloads the state.
 */
final class EventStream {

  /** The end of a subscriber's queue: it was dropped or the stream closed. */
  private static final String END = "";

  private final int maxClients;
  private final int queueCapacity;
  private final Duration heartbeat;
  private final Set<BlockingQueue<String>> subscribers = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  EventStream(int maxClients, int queueCapacity, Duration heartbeat) {
    this.maxClients = maxClients;
    this.queueCapacity = queueCapacity;
    this.heartbeat = heartbeat;
  }

  /** Sends {@code value} as event {@code name} to every open page. */
  void publish(String name, Object value) {
    if (subscribers.isEmpty()) {
      return;
    }
    String frame = ConsoleJson.sseFrame(name, value);
    for (BlockingQueue<String> q : subscribers) {
      if (!q.offer(frame)) {
        subscribers.remove(q);
        q.clear();
        q.offer(END);
      }
    }
  }

  /** Open pages. */
  int clients() {
    return subscribers.size();
  }

  /**
   * Streams events to one page until it goes away, it falls behind, or the stream closes; blocks
   * the calling HTTP thread meanwhile.
   */
  void serve(HttpExchange ex) throws IOException {
    if (closed || subscribers.size() >= maxClients) {
      HttpReplies.send(ex, 503, "text/plain; charset=utf-8", "too many open console pages (at most "
          + maxClients + "); close one and reload");
      return;
    }
    BlockingQueue<String> queue = new ArrayBlockingQueue<>(queueCapacity);
    subscribers.add(queue);
    ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(200, 0);
    try (OutputStream out = ex.getResponseBody()) {
      write(out, "retry: 2000\n: connected\n\n");
      while (!closed) {
        String frame = queue.poll(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        if (frame == null) {
          write(out, ": keep-alive\n\n");
        } else if (frame.equals(END)) {
          return;
        } else {
          write(out, frame);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      subscribers.remove(queue);
    }
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** Ends every stream. */
  void close() {
    closed = true;
    for (BlockingQueue<String> q : subscribers) {
      q.clear();
      q.offer(END);
    }
    subscribers.clear();
  }
}
