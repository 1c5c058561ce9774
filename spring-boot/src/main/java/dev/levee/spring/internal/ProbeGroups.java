package dev.levee.spring.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;

/**
 * Feeds Levee's {@code live} and {@code ready} groups into Actuator's probe groups: {@code
 * /actuator/health/liveness} gains the {@code leveeLiveness} indicator and {@code
 * /actuator/health/readiness} the {@code leveeReadiness} one, beside Spring's availability states.
 * Works whether Actuator's own probe groups are made before or after it (it makes them, with the
 * same members, if they are not there yet), and whether the application defines them itself. The
 * two indicators stay out of {@code /actuator/health} itself, which lists every check under {@code
 * levee} instead.
 */
public final class ProbeGroups implements HealthEndpointGroupsPostProcessor {
  /** The indicator of Levee's liveness group. */
  public static final String LIVENESS = "leveeLiveness";

  /** The indicator of Levee's readiness group. */
  public static final String READINESS = "leveeReadiness";

  /** Creates the post-processor. */
  public ProbeGroups() {}

  @Override
  public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
    HealthEndpointGroup primary = groups.getPrimary();
    Map<String, HealthEndpointGroup> out = new LinkedHashMap<>();
    for (String name : groups.getNames()) {
      out.put(name, groups.get(name));
    }
    out.put("liveness", adding(out.get("liveness"), primary, "livenessState", LIVENESS));
    out.put("readiness", adding(out.get("readiness"), primary, "readinessState", READINESS));
    return HealthEndpointGroups.of(new Group(primary, Set.of(), Set.of(LIVENESS, READINESS)), out);
  }

  private static HealthEndpointGroup adding(
      HealthEndpointGroup existing, HealthEndpointGroup primary, String state, String levee) {
    return existing != null
        ? new Group(existing, Set.of(levee), Set.of())
        : new Group(primary, Set.of(state, levee), null);
  }

  /**
   * A group as another, with members added and removed; with {@code removed == null}, its members
   * are exactly {@code added} (a probe group made here, judged and shown as the primary group).
   */
  private record Group(HealthEndpointGroup delegate, Set<String> added, Set<String> removed)
      implements HealthEndpointGroup {
    @Override
    public boolean isMember(String name) {
      if (removed == null) {
        return added.contains(name);
      }
      return added.contains(name) || (!removed.contains(name) && delegate.isMember(name));
    }

    @Override
    public boolean showComponents(SecurityContext securityContext) {
      return delegate.showComponents(securityContext);
    }

    @Override
    public boolean showDetails(SecurityContext securityContext) {
      return delegate.showDetails(securityContext);
    }

    @Override
    public StatusAggregator getStatusAggregator() {
      return delegate.getStatusAggregator();
    }

    @Override
    public HttpCodeStatusMapper getHttpCodeStatusMapper() {
      return delegate.getHttpCodeStatusMapper();
    }

    @Override
    public AdditionalHealthEndpointPath getAdditionalPath() {
      return removed == null ? null : delegate.getAdditionalPath();
    }
  }
}
