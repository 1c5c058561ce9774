package dev.levee.config;

import dev.levee.http.admission.Admission;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A named admission control, as configured under {@code admission:}: the names of its adaptive
 * limiter and rate limiter (each a configured instance of its family or {@code default}, checked
 * when the configuration is read), its critical-request header, the share of the limit sheddable
 * requests may use, its {@code Retry-After} and its probe paths. {@link Levee#admission(String)}
 * builds the {@link Admission} from its registries, so the limiters are the registries' instances.
 *
 * <p>Each setter of the builder checks its value by {@link Admission.Builder}'s own rule, and
 * {@link Builder#build()} refuses a specification with neither limiter. Immutable and thread-safe;
 * a class rather than a record, so that settings can be added.
 */
public final class AdmissionSpec {
  private final String name;
  private final String adaptiveLimiter;
  private final String rateLimiter;
  private final String criticalHeaderName;
  private final String criticalHeaderValue;
  private final double sheddableShare;
  private final Duration retryAfter;
  private final List<String> probePaths;

  private AdmissionSpec(Builder b) {
    this.name = b.name;
    this.adaptiveLimiter = b.adaptiveLimiter;
    this.rateLimiter = b.rateLimiter;
    this.criticalHeaderName = b.criticalHeaderName;
    this.criticalHeaderValue = b.criticalHeaderValue;
    this.sheddableShare = b.sheddableShare;
    this.retryAfter = b.retryAfter;
    this.probePaths = b.probePaths;
  }

  /**
   * Starts an admission control's specification, with {@link Admission.Builder}'s defaults: no
   * limiter, no critical header, a sheddable share of 0.8, {@code Retry-After} 1 s, probes under
   * {@code /health}.
   *
   * @param name the admission control's name (in its metrics and logs)
   * @return a builder
   * @throws IllegalArgumentException if the name is blank
   */
  public static Builder builder(String name) {
    Admission.builder(name); // Admission's own rule for its name
    return new Builder(name);
  }

  /**
   * The admission control's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The name of the adaptive limiter every admitted request (but probes) takes a place of.
   *
   * @return the name, or {@code null} for none
   */
  public String adaptiveLimiter() {
    return adaptiveLimiter;
  }

  /**
   * The name of the rate limiter sheddable requests need a permit of.
   *
   * @return the name, or {@code null} for none
   */
  public String rateLimiter() {
    return rateLimiter;
  }

  /**
   * The name of the header that marks a request critical.
   *
   * @return the header's name, or {@code null} for none
   */
  public String criticalHeaderName() {
    return criticalHeaderName;
  }

  /**
   * The value of {@link #criticalHeaderName()} that marks a request critical.
   *
   * @return the value, or {@code null} for none
   */
  public String criticalHeaderValue() {
    return criticalHeaderValue;
  }

  /**
   * The share of the concurrency limit sheddable requests may use.
   *
   * @return in (0, 1]
   */
  public double sheddableShare() {
    return sheddableShare;
  }

  /**
   * The {@code Retry-After} of requests shed by the concurrency limit.
   *
   * @return in [1 s, 1 h]
   */
  public Duration retryAfter() {
    return retryAfter;
  }

  /**
   * The base paths of probes, never shed.
   *
   * @return the paths (unmodifiable)
   */
  public List<String> probePaths() {
    return probePaths;
  }

  /**
   * A builder of {@link Admission} with these settings and the given limiters (each {@code null}
   * for none, as this specification names it or not). The application may add what a file cannot
   * say (a {@linkplain Admission.Builder#critical predicate}, a {@linkplain
   * Admission.Builder#ticker ticker}) before building.
   *
   * @param limiter the adaptive limiter named by {@link #adaptiveLimiter()}, or {@code null}
   * @param rate the rate limiter named by {@link #rateLimiter()}, or {@code null}
   * @return the builder
   */
  public Admission.Builder toBuilder(
      dev.levee.core.AdaptiveLimiter limiter, dev.levee.core.RateLimiter rate) {
    Admission.Builder b =
        Admission.builder(name)
            .sheddableShare(sheddableShare)
            .retryAfter(retryAfter)
            .probePaths(probePaths.toArray(new String[0]));
    if (limiter != null) {
      b.limiter(limiter);
    }
    if (rate != null) {
      b.rateLimiter(rate);
    }
    if (criticalHeaderName != null) {
      b.criticalHeader(criticalHeaderName, criticalHeaderValue);
    }
    return b;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof AdmissionSpec)) {
      return false;
    }
    AdmissionSpec a = (AdmissionSpec) o;
    return name.equals(a.name)
        && Objects.equals(adaptiveLimiter, a.adaptiveLimiter)
        && Objects.equals(rateLimiter, a.rateLimiter)
        && Objects.equals(criticalHeaderName, a.criticalHeaderName)
        && Objects.equals(criticalHeaderValue, a.criticalHeaderValue)
        && Double.compare(sheddableShare, a.sheddableShare) == 0
        && retryAfter.equals(a.retryAfter)
        && probePaths.equals(a.probePaths);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        name,
        adaptiveLimiter,
        rateLimiter,
        criticalHeaderName,
        criticalHeaderValue,
        sheddableShare,
        retryAfter,
        probePaths);
  }

  @Override
  public String toString() {
    return "AdmissionSpec[name="
        + name
        + ", adaptiveLimiter="
        + adaptiveLimiter
        + ", rateLimiter="
        + rateLimiter
        + ", criticalHeader="
        + (criticalHeaderName == null ? null : criticalHeaderName + ": " + criticalHeaderValue)
        + ", sheddableShare="
        + sheddableShare
        + ", retryAfter="
        + retryAfter
        + ", probePaths="
        + probePaths
        + "]";
  }

  /**
   * Builds an {@link AdmissionSpec}. Each setter checks its value at once, by {@link
   * Admission.Builder}'s rule. Not thread-safe.
   */
  public static final class Builder {
    private final String name;
    private String adaptiveLimiter;
    private String rateLimiter;
    private String criticalHeaderName;
    private String criticalHeaderValue;
    private double sheddableShare = 0.8;
    private Duration retryAfter = Duration.ofSeconds(1);
    private List<String> probePaths = List.of("/health");

    private Builder(String name) {
      this.name = name;
    }

    /**
     * Sets the adaptive limiter's name.
     *
     * @param adaptiveLimiter the name, or {@code null} for none
     * @return this builder
     */
    public Builder adaptiveLimiter(String adaptiveLimiter) {
      this.adaptiveLimiter = adaptiveLimiter;
      return this;
    }

    /**
     * Sets the rate limiter's name.
     *
     * @param rateLimiter the name, or {@code null} for none
     * @return this builder
     */
    public Builder rateLimiter(String rateLimiter) {
      this.rateLimiter = rateLimiter;
      return this;
    }

    /**
     * Sets the header that marks a request critical (see {@link Admission.Builder#criticalHeader}).
     *
     * @param name the header's name
     * @param value the value that marks a request critical
     * @return this builder
     * @throws IllegalArgumentException if either is blank
     */
    public Builder criticalHeader(String name, String value) {
      Admission.builder(this.name).criticalHeader(name, value);
      this.criticalHeaderName = name.trim();
      this.criticalHeaderValue = value.trim();
      return this;
    }

    /**
     * Sets the share of the concurrency limit sheddable requests may use.
     *
     * @param share in (0, 1]
     * @return this builder
     * @throws IllegalArgumentException if outside (0, 1]
     */
    public Builder sheddableShare(double share) {
      Admission.builder(name).sheddableShare(share);
      this.sheddableShare = share;
      return this;
    }

    /**
     * Sets the {@code Retry-After} of requests shed by the concurrency limit.
     *
     * @param retryAfter in [1 s, 1 h]
     * @return this builder
     * @throws IllegalArgumentException if outside [1 s, 1 h]
     */
    public Builder retryAfter(Duration retryAfter) {
      Admission.builder(name).retryAfter(retryAfter);
      this.retryAfter = retryAfter;
      return this;
    }

    /**
     * Sets the base paths of probes, replacing {@code /health}.
     *
     * @param basePaths paths starting with {@code /}, without a trailing {@code /}
     * @return this builder
     * @throws IllegalArgumentException naming a path that does not start with {@code /} or ends
     *     with one
     */
    public Builder probePaths(List<String> basePaths) {
      List<String> paths = List.copyOf(Objects.requireNonNull(basePaths, "basePaths"));
      Admission.builder(name).probePaths(paths.toArray(new String[0]));
      this.probePaths = paths;
      return this;
    }

    /**
     * Builds the specification.
     *
     * @return the specification
     * @throws IllegalStateException if it names neither an adaptive limiter nor a rate limiter
     */
    public AdmissionSpec build() {
      if (adaptiveLimiter == null && rateLimiter == null) {
        throw new IllegalStateException(
            "admission \""
                + name
                + "\": must name an adaptive_limiter or a rate_limiter (or both), else nothing"
                + " would ever be shed");
      }
      return new AdmissionSpec(this);
    }
  }
}
