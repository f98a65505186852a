package dev.bellwether.launcher;

import picocli.CommandLine.IVersionProvider;

/** Reports the version from the jar manifest, or {@code development} when run from classes. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Bellwether.class.getPackage().getImplementationVersion();
    return new String[] {"bellwether " + (v == null ? "development" : v)};
  }
}
