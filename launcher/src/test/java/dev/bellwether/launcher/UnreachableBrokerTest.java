package dev.bellwether.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command that talks to Kafka, pointed at an address where no broker listens, exits within
 * 20 s (the default {@code kafka.connect-timeout} is 15 s) with one line that names the address.
 */
class UnreachableBrokerTest {

  @TempDir Path dir;

  @Test
  void everyKafkaCommandGivesUpWithinTwentySecondsInOneLineNamingTheAddress() throws Exception {
    String nowhere = "127.0.0.1:" + closedPort();
    Path news = dir.resolve("news.jsonl");
    Files.writeString(news, "{\"id\":\"a\",\"title\":\"Acme rises\",\"published_at\":\"2026-11-29T10:00:00Z\"}\n",
        StandardCharsets.UTF_8);
    // The console would otherwise want 127.0.0.1:8080, which another run on this machine may hold.
    Path config = dir.resolve("no-console.yaml");
    Files.writeString(config, "console:\n  enabled: false\n", StandardCharsets.UTF_8);
    Path backup = dir.resolve("backup.jsonl");
    Files.writeString(backup, "", StandardCharsets.UTF_8);
    List<String[]> commands = List.of(
        new String[] {"run", "--only", "classifier", "--config", config.toString(), "--metrics-port", "0", "--data-dir", dir.resolve("state").toString(),
            "--bootstrap-servers", nowhere},
        new String[] {"ingest", "--file", news.toString(), "--bootstrap-servers", nowhere},
        new String[] {"silence", "list", "--bootstrap-servers", nowhere},
        new String[] {"replay", "alerts", "--scored", "news.scored", "--bootstrap-servers", nowhere},
        new String[] {"reset", "--application", "alerts", "--to-datetime", "2026-11-29", "--dry-run",
            "--bootstrap-servers", nowhere},
        new String[] {"export", "--topic", "alerts", "--out", dir.resolve("out.jsonl").toString(),
            "--bootstrap-servers", nowhere},
        new String[] {"import", "--topic", "restored", "--in", backup.toString(), "--bootstrap-servers", nowhere});
    ExecutorService pool = Executors.newFixedThreadPool(commands.size());
    try {
      List<Future<Timed>> runs = new ArrayList<>();
      for (String[] args : commands) {
        runs.add(pool.submit(() -> {
          long began = System.nanoTime();
          CommandRun run = CommandRun.of(args);
          return new Timed(String.join(" ", args), run, Duration.ofNanos(System.nanoTime() - began));
        }));
      }
      for (Future<Timed> f : runs) {
        Timed t = f.get();
        assertThat(t.elapsed()).as("%s took %s", t.command(), t.elapsed()).isLessThan(Duration.ofSeconds(20));
        assertThat(t.run().code()).as(t.command()).isNotZero();
        List<String> lines = t.run().err().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as("%s printed:%n%s", t.command(), t.run().err()).hasSize(1);
        assertThat(lines.get(0)).as(t.command()).contains(nowhere).startsWith("bellwether: ");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private record Timed(String command, CommandRun run, Duration elapsed) {}

  /** A loopback port nothing listens on: bound and released at once. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
