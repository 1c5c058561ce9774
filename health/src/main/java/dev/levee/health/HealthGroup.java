package dev.levee.health;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A named set of checks that is judged together and served at {@code /health/{name}}. The four
 * standard groups are {@link #LIVE} (is the process itself sound: restart it if not), {@link
 * #READY} (can it take traffic now), {@link #STARTED} (has it finished starting) and {@link #RAFT}
 * (is its Raft node sound); users may name their own.
 *
 * <p>Liveness should hold only process-level checks (deadlocks, stuck loops): a restart fixes
 * neither a database outage nor a lost quorum, and a liveness probe that checks a dependency
 * restarts every pod at once when that dependency fails (etcd #13340). Remote dependencies belong
 * in readiness.
 *
 * <p>A record on purpose, unlike Levee's snapshots, events and configurations (which are final
 * classes so that they can grow): a group is its name and will never be more, so its canonical
 * constructor and its pattern are safe to expose.
 *
 * @param name lowercase letters, digits, {@code -} and {@code _}, starting with a letter or digit,
 *     at most 63 characters
 */
public record HealthGroup(String name) {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

  /** Liveness: restart the process if DOWN. */
  public static final HealthGroup LIVE = new HealthGroup("live");

  /** Readiness: send no traffic while DOWN. */
  public static final HealthGroup READY = new HealthGroup("ready");

  /** Startup: DOWN until the application marks startup complete. */
  public static final HealthGroup STARTED = new HealthGroup("started");

  /** Raft: the health of the node's consensus role. */
  public static final HealthGroup RAFT = new HealthGroup("raft");

  /**
   * Checks the name.
   *
   * @param name see {@link #name()}
   * @throws IllegalArgumentException if the name does not fit the rule
   */
  public HealthGroup {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "health group name must be lowercase letters, digits, '-' or '_', starting with a letter"
              + " or digit, at most 63 characters, was \""
              + name
              + "\"");
    }
  }

  /**
   * The group of this name.
   *
   * @param name the name
   * @return the group
   * @throws IllegalArgumentException if the name does not fit the rule
   */
  public static HealthGroup of(String name) {
    return new HealthGroup(name);
  }

  @Override
  public String toString() {
    return name;
  }
}
