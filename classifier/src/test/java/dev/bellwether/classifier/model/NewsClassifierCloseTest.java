package dev.bellwether.classifier.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Closing the model while another thread scores must neither crash the JVM nor lose the call in flight. */
class NewsClassifierCloseTest {

  @Test
  void closeWaitsForTheCallInFlightAndLaterCallsFailCleanly() throws Exception {
    NewsClassifier classifier = NewsClassifier.loadBundled(1, 128);
    List<String> texts = new ArrayList<>(Collections.nCopies(200, "Acme Corp shares plunge after fraud probe"));
    CompletableFuture<Integer> scoring = CompletableFuture.supplyAsync(() -> classifier.classifyAll(texts).size());
    classifier.close();
    // Either the call got in first and finished whole, or it came after close and was refused;
    // freeing the sessions under it would have crashed this JVM instead.
    assertThat(scoring.handle((n, e) -> e == null ? n : -1).get()).isIn(200, -1);
    assertThatThrownBy(() -> classifier.classify("Globex beats estimates"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is closed");
  }
}
