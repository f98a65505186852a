package dev.bellwether.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterLayoutTest {

  @TempDir Path dir;

  @Test
  void aNewClusterGetsThreeNodesOnPortsFromTheBaseAndKeepsThemOnTheNextStart() {
    ClusterLayout created = ClusterLayout.createOrLoad(dir, 0, 9292);
    assertThat(created.nodes()).extracting(ClusterLayout.Node::port).containsExactly(9292, 9293, 9294);
    assertThat(created.nodes()).extracting(ClusterLayout.Node::controllerPort).containsExactly(9392, 9393, 9394);
    assertThat(created.bootstrapServers()).isEqualTo("127.0.0.1:9292,127.0.0.1:9293,127.0.0.1:9294");
    assertThat(created.voters()).isEqualTo("1@127.0.0.1:9392,2@127.0.0.1:9393,3@127.0.0.1:9394");

    ClusterLayout again = ClusterLayout.createOrLoad(dir, 0, 0);
    assertThat(again).isEqualTo(created);
    assertThat(ClusterLayout.load(dir).clusterId()).isEqualTo(created.clusterId());
  }

  @Test
  void freePortsAreChosenOnceAndAreDistinct() {
    ClusterLayout layout = ClusterLayout.createOrLoad(dir, 3, 0);
    assertThat(layout.nodes().stream().flatMap(n -> java.util.stream.Stream.of(n.port(), n.controllerPort())).distinct())
        .hasSize(6);
    assertThat(ClusterLayout.createOrLoad(dir, 3, 0).nodes()).isEqualTo(layout.nodes());
  }

  @Test
  void refusesSettingsThatDisagreeWithTheExistingClusterNamingTheValue() {
    ClusterLayout.createOrLoad(dir, 3, 9292);
    assertThatThrownBy(() -> ClusterLayout.createOrLoad(dir, 5, 0)).hasMessageContaining("--nodes 5")
        .hasMessageContaining("has 3 nodes");
    assertThatThrownBy(() -> ClusterLayout.createOrLoad(dir, 0, 19292)).hasMessageContaining("--port 19292")
        .hasMessageContaining("9292");
    assertThatThrownBy(() -> ClusterLayout.createOrLoad(dir.resolve("x"), 12, 0)).hasMessageContaining("--nodes 12");
    assertThatThrownBy(() -> ClusterLayout.createOrLoad(dir.resolve("y"), 3, 80)).hasMessageContaining("--port 80");
    assertThatThrownBy(() -> ClusterLayout.load(dir.resolve("none"))).hasMessageContaining("no local cluster");
  }

  @Test
  void everyNodeReplicatesThreeTimesWithTwoInSyncAndNeverElectsAnUncleanLeader() {
    ClusterLayout layout = ClusterLayout.createOrLoad(dir, 3, 9292);
    Properties p = ClusterNode.properties(layout, 2);
    assertThat(p).containsEntry("node.id", "2").containsEntry("controller.quorum.voters", layout.voters())
        .containsEntry("listeners", "PLAINTEXT://127.0.0.1:9293,CONTROLLER://127.0.0.1:9393")
        .containsEntry("default.replication.factor", "3").containsEntry("min.insync.replicas", "2")
        .containsEntry("offsets.topic.replication.factor", "3")
        .containsEntry("transaction.state.log.replication.factor", "3")
        .containsEntry("transaction.state.log.min.isr", "2")
        .containsEntry("unclean.leader.election.enable", "false")
        .containsEntry("log.dirs", layout.logDir(2).toString());

    ClusterLayout single = ClusterLayout.createOrLoad(dir.resolve("one"), 1, 0);
    assertThat(ClusterNode.properties(single, 1)).containsEntry("default.replication.factor", "1")
        .containsEntry("min.insync.replicas", "1");
  }
}
