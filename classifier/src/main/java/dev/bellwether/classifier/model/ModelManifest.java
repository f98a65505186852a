package dev.bellwether.classifier.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bellwether.event.ModelId;
import dev.bellwether.kafka.Json;
import java.io.IOException;
import java.util.List;

/**
 * The {@code manifest.json} of a model version: what encoder and heads it combines, their
 * hashes, the label names in head order, and how the heads were trained.
 *
 * @param name model family, e.g. {@code bge-small-en-v1.5+heads}
 * @param version version name, also the directory name written by training
 * @param created ISO-8601 creation time
 * @param encoder the sentence encoder
 * @param heads the head graph
 * @param labels label names in the order of the head outputs
 * @param training how the heads were trained (seed, data, settings, metrics); free-form
 */
public record ModelManifest(
    String name,
    String version,
    String created,
    Encoder encoder,
    Heads heads,
    Labels labels,
    JsonNode training) {

  /** File name of the manifest inside a model version. */
  public static final String FILE = "manifest.json";

  /**
   * The encoder part.
   *
   * @param artifact Maven coordinates of the jar that holds it
   * @param resource class-path resource of the ONNX file
   * @param tokenizer class-path resource of its {@code tokenizer.json}
   * @param sha256 hex SHA-256 of the ONNX file
   * @param output the encoder output read, {@code last_hidden_state}
   * @param pooling how token vectors become one vector: {@code cls} (then L2-normalised)
   * @param maxTokens longest token sequence used in training
   * @param file file name of the encoder graph next to the manifest (a fine-tuned encoder), or
   *     null when the graph is {@code resource} on the class path
   */
  public record Encoder(
      String artifact, String resource, String tokenizer, String sha256, String output, String pooling, int maxTokens,
      @JsonInclude(JsonInclude.Include.NON_NULL) String file) {

    /** The canonical constructor, the one JSON binds to. */
    @JsonCreator
    public Encoder {}

    /** An encoder read from the class path resource in the artifact's jar. */
    public Encoder(
        String artifact, String resource, String tokenizer, String sha256, String output, String pooling, int maxTokens) {
      this(artifact, resource, tokenizer, sha256, output, pooling, maxTokens, null);
    }
  }

  /**
   * The heads part.
   *
   * @param file file name of the head graph next to the manifest
   * @param sha256 hex SHA-256 of that file
   * @param input name of its input, the sentence embedding
   * @param outputs output names: {@code topic} and {@code sentiment}
   */
  public record Heads(String file, String sha256, String input, Outputs outputs) {}

  /**
   * Output names of the head graph.
   *
   * @param topic topic probabilities output
   * @param sentiment sentiment probabilities output
   */
  public record Outputs(String topic, String sentiment) {}

  /**
   * Label names in head output order.
   *
   * @param topic topic names
   * @param sentiment sentiment names: negative, neutral, positive
   */
  public record Labels(List<String> topic, List<String> sentiment) {}

  /** The id every score made with this model carries. */
  public ModelId modelId() {
    return new ModelId(name, version, ContentHash.ofText(encoder.sha256() + heads.sha256()));
  }

  /** Reads a manifest, naming what is missing. */
  public static ModelManifest parse(byte[] json, String where) {
    ModelManifest m;
    try {
      m = Json.mapper().readValue(json, ModelManifest.class);
    } catch (IOException e) {
      throw new ModelLoadException(where + ": unreadable manifest: " + e.getMessage(), e);
    }
    if (m.name() == null || m.version() == null || m.encoder() == null || m.heads() == null
        || m.heads().outputs() == null || m.labels() == null || m.labels().topic() == null
        || m.labels().sentiment() == null) {
      throw new ModelLoadException(
          where + ": manifest lacks one of name, version, encoder, heads, heads.outputs, labels.topic, labels.sentiment");
    }
    return m;
  }

  /** The manifest as indented JSON. */
  public byte[] toJson() {
    try {
      ObjectMapper mapper = Json.mapper();
      return mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write manifest", e);
    }
  }
}
