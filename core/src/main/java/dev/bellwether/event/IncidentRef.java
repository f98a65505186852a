package dev.bellwether.event;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The incident an alert revision belongs to, as it stood when the revision was published: the
 * group label the notifier groups by, as Alertmanager groups alerts by their labels.
 *
 * @param id the incident id (see {@link Incident#idOf})
 * @param revision the incident's revision this alert revision produced
 * @param leadScope the scope that names the incident (its first entity, else its first scope)
 * @param scopes every scope of the incident so far, in the order they joined
 * @param openedAt event time the incident opened: the window end of its first alert's first revision
 * @param status firing while any of its alerts fires, resolved once all have resolved
 */
public record IncidentRef(
    String id, int revision, String leadScope, List<String> scopes, Instant openedAt, Alert.Status status) {

  /** Checks the id and copies the scopes. */
  public IncidentRef {
    RawNewsItem.requireText(id, "incident.id");
    scopes = scopes == null ? List.of() : List.copyOf(scopes);
    Objects.requireNonNull(status, "incident.status is missing");
  }
}
