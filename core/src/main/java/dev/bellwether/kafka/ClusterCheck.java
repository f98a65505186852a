package dev.bellwether.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;

/**
 * The first thing every command and stage does with Kafka: ask the cluster to describe itself,
 * within {@code kafka.connect-timeout}. A cluster that does not answer stops start-up with one
 * line naming the address, instead of each client retrying for its own default minute or two.
 */
public final class ClusterCheck {

  private ClusterCheck() {}

  /** Why the cluster could not be reached; its message is the one line a person sees. */
  public static final class UnreachableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    UnreachableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Returns once the cluster at {@code clientConfig}'s {@code bootstrap.servers} has answered.
   *
   * @return how many brokers it has (registered and not fenced)
   * @throws UnreachableException when it does not answer within {@code timeout}
   */
  public static int reachable(Map<String, Object> clientConfig, Duration timeout) {
    Object servers = clientConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
    Map<String, Object> config = new HashMap<>(clientConfig);
    int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
    try (Admin admin = Admin.create(config)) {
      return admin.describeCluster(new DescribeClusterOptions().timeoutMs(millis)).nodes()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
    } catch (TimeoutException | ExecutionException | KafkaException e) {
      throw new UnreachableException(
          "Kafka at " + servers + " did not answer within " + timeout.toSeconds() + " s (kafka.connect-timeout): "
              + "check that the broker runs and that this address is reachable from here"
              + (e instanceof ExecutionException && e.getCause() != null && e.getCause().getMessage() != null
                  && !(e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException)
                  ? " (" + e.getCause().getMessage() + ")" : ""),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Kafka at " + servers, e);
    }
  }
}
