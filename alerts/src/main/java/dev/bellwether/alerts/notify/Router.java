package dev.bellwether.alerts.notify;

import dev.bellwether.config.NotifierConfig;
import dev.bellwether.event.Alert;
import dev.bellwether.event.Scope;
import dev.bellwether.event.ScopePattern;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Picks the receivers of an alert from the routing rules, as Prometheus Alertmanager routes do:
 * rules in order, the first match decides unless it says {@code continue}, unmatched alerts go to
 * the default receivers (every receiver when none are named).
 */
final class Router {

  private final List<Route> routes = new ArrayList<>();
  private final List<String> fallback;

  /** {@code receivers} are the names of every receiver that is on, in the order they are built. */
  Router(NotifierConfig.Routing routing, List<String> receivers) {
    for (NotifierConfig.Rule rule : routing.rules()) {
      routes.add(new Route(rule));
    }
    this.fallback = routing.receivers().isEmpty() ? List.copyOf(receivers) : routing.receivers();
  }

  /** The receivers of {@code alert}, each once, in rule order. */
  List<String> receiversOf(Alert alert) {
    Set<String> chosen = new LinkedHashSet<>();
    boolean matched = false;
    for (Route route : routes) {
      if (route.matches(alert)) {
        matched = true;
        chosen.addAll(route.rule.receivers());
        if (!route.rule.continueMatching()) {
          break;
        }
      }
    }
    return matched ? List.copyOf(chosen) : fallback;
  }

  /** One rule with its scope pattern compiled. */
  private static final class Route {
    final NotifierConfig.Rule rule;
    final ScopePattern scope;

    Route(NotifierConfig.Rule rule) {
      this.rule = rule;
      this.scope = rule.scope().isEmpty() ? null : new ScopePattern(rule.scope());
    }

    boolean matches(Alert alert) {
      if (!rule.scopeKind().isEmpty() && !rule.scopeKind().equals(kindOf(alert.scope()))) {
        return false;
      }
      if (scope != null && !scope.matches(alert.scope())) {
        return false;
      }
      return rule.severity().isEmpty() || rule.severity().equals(alert.severity().name().toLowerCase(Locale.ROOT));
    }
  }

  /** The kind of a scope key in lower case ({@code topic}, {@code entity}, {@code market}); the key itself when unreadable. */
  static String kindOf(String scopeKey) {
    try {
      return Scope.parse(scopeKey).kind().name().toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return scopeKey;
    }
  }
}
