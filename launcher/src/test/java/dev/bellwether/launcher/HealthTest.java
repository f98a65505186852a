package dev.bellwether.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bellwether.alerts.notify.Notifier;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

class HealthTest {

  @Test
  void isReadyOnlyWhenEveryStreamsAppAndTheNotifierRun() {
    Health health = Health.assess("STARTED", true, streams(State.RUNNING, State.RUNNING), Notifier.State.RUNNING);

    assertThat(health.live()).isTrue();
    assertThat(health.ready()).isTrue();
    assertThat(health.toJson())
        .isEqualTo("{\"live\":true,\"ready\":true,\"components\":{\"pipeline\":\"STARTED\","
            + "\"classifier\":\"RUNNING\",\"alerts\":\"RUNNING\",\"notifier\":\"RUNNING\"}}");
  }

  @Test
  void aRebalanceMakesItUnreadyButStillLive() {
    Health health = Health.assess("STARTED", true, streams(State.RUNNING, State.REBALANCING), Notifier.State.RUNNING);

    assertThat(health.live()).isTrue();
    assertThat(health.ready()).isFalse();
    assertThat(health.components()).containsEntry("alerts", "REBALANCING");
  }

  @Test
  void aStreamsAppInErrorMakesItNeitherLiveNorReady() {
    for (State failed : new State[] {State.ERROR, State.PENDING_ERROR}) {
      Health health = Health.assess("STARTED", true, streams(failed, State.RUNNING), Notifier.State.RUNNING);

      assertThat(health.live()).as("live with classifier %s", failed).isFalse();
      assertThat(health.ready()).as("ready with classifier %s", failed).isFalse();
    }
  }

  @Test
  void isNotReadyWhileStartingEvenWhenEverythingRuns() {
    Health health = Health.assess("STARTING", false, streams(State.RUNNING, State.RUNNING), null);

    assertThat(health.live()).isTrue();
    assertThat(health.ready()).isFalse();
  }

  @Test
  void aStoppedNotifierIsFatalOnlyWhileThePipelineRuns() {
    assertThat(Health.assess("STARTED", true, Map.of(), Notifier.State.STOPPED).live()).isFalse();
    assertThat(Health.assess("STOPPED", false, Map.of(), Notifier.State.STOPPED).live()).isTrue();
    assertThat(Health.assess("STARTED", true, Map.of(), Notifier.State.FAILING).ready()).isFalse();
  }

  private static Map<String, State> streams(State classifier, State alerts) {
    Map<String, State> states = new LinkedHashMap<>();
    states.put("classifier", classifier);
    states.put("alerts", alerts);
    return states;
  }
}
