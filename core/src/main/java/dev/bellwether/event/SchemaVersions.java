package dev.bellwether.event;

/** The schema-version rule every contract shares: absent means current, newer than known is refused. */
final class SchemaVersions {

  private SchemaVersions() {}

  /**
   * {@code version}, or {@code current} when absent (0 or less).
   *
   * @throws IllegalArgumentException when {@code version} is newer than {@code current}: a record
   *     written by a newer Bellwether whose meaning this code cannot know
   */
  static int check(int version, int current, String type) {
    if (version <= 0) {
      return current;
    }
    if (version > current) {
      throw new IllegalArgumentException(
          "schema_version " + version + " is newer than the " + type + " version this Bellwether reads (" + current
              + "); upgrade Bellwether to read it");
    }
    return version;
  }
}
