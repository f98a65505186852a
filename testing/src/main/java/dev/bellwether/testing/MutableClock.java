package dev.bellwether.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A UTC clock that tests move by hand, so that nothing waits for real time to pass. */
public final class MutableClock extends Clock {

  private volatile Instant now;

  /** A clock that reads {@code start} until it is moved. */
  public MutableClock(Instant start) {
    this.now = start;
  }

  /** Moves the clock forward by {@code d}. */
  public void advance(Duration d) {
    now = now.plus(d);
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /** This clock for UTC; tests use no other zone. */
  @Override
  public Clock withZone(ZoneId zone) {
    if (!ZoneOffset.UTC.normalized().equals(zone.normalized())) {
      throw new UnsupportedOperationException("tests use UTC only, not " + zone);
    }
    return this;
  }
}
