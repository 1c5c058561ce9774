package dev.levee.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.testkit.LogCapture;
import dev.levee.timeouts.testing.ManualScheduler;
import dev.levee.timeouts.testing.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The startup rule as a model: random registrations (any groups, initial status, with or without an
 * initial delay), unregistrations, results, intervals and lifecycle calls, run through a real
 * monitor on manual time and compared after every step with a model that knows which checks are
 * pending.
 *
 * <ul>
 *   <li>Probes: a pending check counts at its initial status, except in liveness.
 *   <li>Announcements: groups are judged with pending checks left out; each group's changes within
 *       a step form a chain from the status last told to the one judged now, and registering a
 *       check or scripting a result (no run) tells nothing.
 *   <li>Checks: a first result is told once as such; later, a change of status once.
 *   <li>One log line per thing told, WARN exactly when it is not UP and the monitor is not
 *       draining.
 * </ul>
 *
 * <p>Attempts are 1 so that a check's status is its latest result (the attempts rule has its own
 * model in {@link HysteresisProperties}); results come every interval, so nothing goes stale.
 */
class HealthStartupProperties {
  private static final List<String> NAMES = List.of("a", "b", "c", "d");
  private static final HealthGroup WORKERS = HealthGroup.of("workers");
  private static final List<HealthGroup> GROUP_BITS =
      List.of(HealthGroup.LIVE, HealthGroup.READY, HealthGroup.RAFT, WORKERS);
  private static final Duration INTERVAL = Duration.ofSeconds(5);
  private static final Duration DELAY = Duration.ofSeconds(7); // one interval more before the first

  enum Kind {
    REGISTER,
    UNREGISTER,
    SCRIPT,
    ADVANCE,
    MARK_STARTED,
    START_DRAINING
  }

  record Step(Kind kind, int check, int groupMask, Status status, boolean delayed) {
    String name() {
      return NAMES.get(check);
    }

    Set<HealthGroup> groups() {
      Set<HealthGroup> out = new LinkedHashSet<>();
      for (int i = 0; i < GROUP_BITS.size(); i++) {
        if ((groupMask & (1 << i)) != 0) {
          out.add(GROUP_BITS.get(i));
        }
      }
      return out;
    }

    @Override
    public String toString() {
      switch (kind) {
        case REGISTER:
          return "register " + name() + groups() + " initial " + status + (delayed ? " +7s" : "");
        case UNREGISTER:
          return "unregister " + name();
        case SCRIPT:
          return name() + " answers " + status;
        default:
          return kind.name().toLowerCase();
      }
    }
  }

  record GroupEvent(HealthGroup group, Status from, Status to) {}

  record CheckEvent(String name, boolean first, Status from, Status to) {}

  /** A registered check in the model: {@code result} is null while it is pending. */
  static final class ModelCheck {
    final Set<HealthGroup> groups;
    final Status initial;
    final long dueAt;
    Status result;

    ModelCheck(Set<HealthGroup> groups, Status initial, long dueAt) {
      this.groups = groups;
      this.initial = initial;
      this.dueAt = dueAt;
    }
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Kind> kind =
        Arbitraries.frequency(
            Tuple.of(4, Kind.REGISTER),
            Tuple.of(1, Kind.UNREGISTER),
            Tuple.of(3, Kind.SCRIPT),
            Tuple.of(4, Kind.ADVANCE),
            Tuple.of(1, Kind.MARK_STARTED),
            Tuple.of(1, Kind.START_DRAINING));
    return Combinators.combine(
            kind,
            Arbitraries.integers().between(0, NAMES.size() - 1),
            Arbitraries.integers().between(1, (1 << GROUP_BITS.size()) - 1),
            Arbitraries.of(Status.class),
            Arbitraries.of(true, false))
        .as(Step::new)
        .list()
        .ofMaxSize(40);
  }

  @Property(tries = 300)
  void probesAndAnnouncementsFollowTheModel(@ForAll("steps") List<Step> steps) {
    ManualTicker ticker = new ManualTicker();
    ManualScheduler scheduler = new ManualScheduler(ticker);
    List<Object> told = new CopyOnWriteArrayList<>();
    Map<String, Checks.Scripted> scripts = new HashMap<>();
    for (String n : NAMES) {
      scripts.put(n, new Checks.Scripted());
    }
    Map<String, Status> scripted = new HashMap<>();
    Map<String, ModelCheck> model = new LinkedHashMap<>();
    boolean[] lifecycle = {false, false}; // started, draining
    long now = 0;
    try (LogCapture log = LogCapture.of(HealthMonitor.class.getName());
        HealthMonitor monitor =
            HealthMonitor.builder()
                .ticker(ticker)
                .scheduler(scheduler)
                .executor(new Checks.DirectExecutor())
                .build()) {
      monitor.addListener(
          new HealthListener() {
            @Override
            public void onCheckChanged(CheckReport before, CheckReport after) {
              told.add(
                  new CheckEvent(after.name(), before.pending(), before.status(), after.status()));
            }

            @Override
            public void onGroupChanged(HealthGroup group, Status from, Status to) {
              told.add(new GroupEvent(group, from, to));
            }
          });
      Map<HealthGroup, Status> announced = judged(model, lifecycle);
      List<String> done = new ArrayList<>();
      for (Step step : steps) {
        done.add(step.toString());
        told.clear();
        int linesBefore = log.lines().size();
        List<CheckEvent> expected = new ArrayList<>();
        ModelCheck c = model.get(step.name());
        switch (step.kind()) {
          case REGISTER:
            if (c == null) {
              Duration delay = step.delayed() ? DELAY : Duration.ZERO;
              model.put(
                  step.name(), new ModelCheck(step.groups(), step.status(), now + delay.toNanos()));
              monitor.register(
                  HealthCheckConfig.builder(step.name())
                      .groups(step.groups().toArray(HealthGroup[]::new))
                      .initialStatus(step.status())
                      .initialDelay(delay)
                      .interval(INTERVAL)
                      .failureAttempts(1)
                      .successAttempts(1)
                      .build(),
                  scripts.get(step.name()));
            }
            break;
          case UNREGISTER:
            assertThat(monitor.unregister(step.name()))
                .isEqualTo(model.remove(step.name()) != null);
            break;
          case SCRIPT:
            scripted.put(step.name(), step.status());
            scripts.get(step.name()).set(result(step.status()));
            break;
          case ADVANCE:
            now += INTERVAL.toNanos();
            for (Map.Entry<String, ModelCheck> e : model.entrySet()) {
              ModelCheck m = e.getValue();
              if (m.result == null && m.dueAt - now > 0) {
                continue; // still within its initial delay
              }
              Status next = scripted.getOrDefault(e.getKey(), Status.UP);
              if (m.result == null) {
                expected.add(new CheckEvent(e.getKey(), true, m.initial, next));
              } else if (m.result != next) {
                expected.add(new CheckEvent(e.getKey(), false, m.result, next));
              }
              m.result = next;
            }
            scheduler.advance(INTERVAL);
            break;
          case MARK_STARTED:
            if (!lifecycle[0]) {
              expected.add(new CheckEvent(HealthMonitor.STARTUP, false, Status.DOWN, Status.UP));
            }
            lifecycle[0] = true;
            monitor.markStarted();
            break;
          case START_DRAINING:
            if (!lifecycle[1]) {
              expected.add(new CheckEvent(HealthMonitor.SHUTDOWN, false, Status.UP, Status.DOWN));
            }
            lifecycle[1] = true;
            monitor.startDraining();
            break;
          default:
            throw new AssertionError(step);
        }
        String at = String.join(", ", done);

        Map<HealthGroup, Status> served = served(model, lifecycle);
        Map<HealthGroup, Status> probed = new LinkedHashMap<>();
        for (HealthGroup g : monitor.groups()) {
          probed.put(g, monitor.report(g, Set.of()).status());
        }
        assertThat(probed).as("served after %s", at).isEqualTo(served);
        Map<String, Boolean> pending = new HashMap<>();
        Map<String, Boolean> modelPending = new HashMap<>();
        for (Map.Entry<String, ModelCheck> e : model.entrySet()) {
          pending.put(e.getKey(), monitor.report(e.getKey()).orElseThrow().pending());
          modelPending.put(e.getKey(), e.getValue().result == null);
        }
        assertThat(pending).as("pending after %s", at).isEqualTo(modelPending);

        List<CheckEvent> checkEvents = new ArrayList<>();
        List<GroupEvent> groupEvents = new ArrayList<>();
        for (Object o : told) {
          if (o instanceof CheckEvent ce) {
            checkEvents.add(ce);
          } else {
            groupEvents.add((GroupEvent) o);
          }
        }
        assertThat(checkEvents)
            .as("checks told after %s", at)
            .containsExactlyInAnyOrderElementsOf(expected);
        if (step.kind() == Kind.REGISTER || step.kind() == Kind.SCRIPT) {
          assertThat(told).as("told after %s", at).isEmpty();
        }
        Map<HealthGroup, Status> judged = judged(model, lifecycle);
        Map<HealthGroup, Status> chains = new LinkedHashMap<>(announced);
        chains.keySet().retainAll(judged.keySet()); // groups gone with their checks
        for (GroupEvent g : groupEvents) {
          Status last = chains.get(g.group());
          assertThat(g.from() == last && g.to() != g.from())
              .as(
                  "%s follows what was told (%s), a new group starts silently; after %s",
                  g, last, at)
              .isTrue();
          chains.put(g.group(), g.to());
        }
        for (Map.Entry<HealthGroup, Status> e : judged.entrySet()) {
          chains.putIfAbsent(e.getKey(), e.getValue()); // a new group: its status, untold
        }
        assertThat(chains).as("the statuses told after %s", at).isEqualTo(judged);
        announced = judged;

        List<LogCapture.Line> lines = log.lines();
        List<String> levels = new ArrayList<>();
        for (LogCapture.Line line : lines.subList(linesBefore, lines.size())) {
          levels.add(line.level());
        }
        List<String> expectedLevels = new ArrayList<>();
        for (Object o : told) {
          Status to = o instanceof CheckEvent ce ? ce.to() : ((GroupEvent) o).to();
          // WARN for a failure while serving; a shutdown's changes are deliberate: INFO.
          expectedLevels.add(to == Status.UP || lifecycle[1] ? "INFO" : "WARN");
        }
        assertThat(levels).as("one line per thing told, after %s", at).isEqualTo(expectedLevels);
      }
    }
  }

  private static HealthResult result(Status status) {
    return status == Status.UP ? HealthResult.up() : HealthResult.of(status, "scripted");
  }

  /** What probes are served: a pending check at its initial status, except in liveness. */
  private static Map<HealthGroup, Status> served(Map<String, ModelCheck> model, boolean[] life) {
    return statuses(model, life, true);
  }

  /** What is announced: pending checks left out. */
  private static Map<HealthGroup, Status> judged(Map<String, ModelCheck> model, boolean[] life) {
    return statuses(model, life, false);
  }

  private static Map<HealthGroup, Status> statuses(
      Map<String, ModelCheck> model, boolean[] life, boolean served) {
    Set<HealthGroup> groups =
        new LinkedHashSet<>(
            List.of(HealthGroup.LIVE, HealthGroup.READY, HealthGroup.STARTED, HealthGroup.RAFT));
    model.values().forEach(c -> groups.addAll(c.groups));
    Map<HealthGroup, Status> out = new LinkedHashMap<>();
    for (HealthGroup g : groups) {
      Status s = Status.UP;
      if (!life[0] && (g.equals(HealthGroup.READY) || g.equals(HealthGroup.STARTED))) {
        s = Status.DOWN;
      }
      if (life[1] && g.equals(HealthGroup.READY)) {
        s = Status.DOWN;
      }
      for (ModelCheck c : model.values()) {
        if (!c.groups.contains(g)) {
          continue;
        }
        if (c.result != null) {
          s = s.worse(c.result);
        } else if (served && !g.equals(HealthGroup.LIVE)) {
          s = s.worse(c.initial);
        }
      }
      out.put(g, s);
    }
    return out;
  }
}
