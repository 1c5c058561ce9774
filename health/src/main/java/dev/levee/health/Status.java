package dev.levee.health;

/**
 * How healthy a check or a group is. Ordered from best to worst: a group is as healthy as its worst
 * member. HTTP endpoints answer 200 for {@link #UP} and {@link #DEGRADED}, 503 for {@link #DOWN}.
 */
public enum Status {
  /** Working as intended. */
  UP,
  /** Working, with less margin or capacity than intended: worth a look, not worth a restart. */
  DEGRADED,
  /** Not working. */
  DOWN;

  /**
   * The worse of this status and {@code other}.
   *
   * @param other the other status
   * @return the worse of the two
   */
  public Status worse(Status other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
