package dev.levee.health;

import dev.levee.health.internal.HealthJson;
import dev.levee.http.HttpEndpoint;
import dev.levee.http.HttpRequest;
import dev.levee.http.HttpResponse;
import dev.levee.http.internal.ErrorBody;
import dev.levee.http.internal.PercentDecoding;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The health endpoints, independent of any HTTP server: {@link #handle(HttpRequest)} turns a probe
 * into a response. The adapters ({@link dev.levee.http.EndpointServer}, Levee's own server, {@code
 * dev.levee.http.servlet.EndpointServlet}, {@code dev.levee.http.undertow.EndpointHandler}) only
 * copy requests in and responses out, so all three answer alike.
 *
 * <p>Paths, under the base path (default {@code /health}): the base path itself (every check),
 * {@code /{group}} ({@code live}, {@code ready}, {@code started}, {@code raft} or a group a check
 * names) and {@code /{group}/{check}}. {@code GET} and {@code HEAD}; anything else is 405. UP and
 * DEGRADED answer 200, DOWN 503, an unknown group or check 404, a malformed path or query (bad
 * percent-encoding, bytes that are not UTF-8, a query over 2048 characters) a JSON 400. Every
 * answer has {@code Cache-Control: no-store}.
 *
 * <p>Query: {@code ?exclude=a,b} leaves checks out of the judgement (as etcd's {@code /readyz});
 * {@code ?verbose} adds timing and attempt counts to each check's data. Body: the MicroProfile
 * Health shape by default, the IETF draft shape when the {@code Accept} header asks for {@code
 * application/health+json}. Checks and their data are shown only when the {@link DetailPolicy}
 * allows (default: loopback callers); others get the status alone. No stack trace is ever shown.
 *
 * <p>Before its first result a check is listed with its initial status and the reason {@code not
 * checked yet} (in data, or the IETF {@code output}); it holds readiness, startup and other groups
 * at its initial status (DOWN by default: not ready until checked), but never liveness, which
 * answers 200 while checks are pending (see {@link CheckReport#countsIn(HealthGroup)}).
 *
 * <p>Every answer is computed from the monitor's cached results: no check runs on a probe. This
 * class is thread-safe.
 */
public final class HealthEndpoints implements HttpEndpoint {
  /** The media type of the IETF health-check draft. */
  public static final String HEALTH_JSON = "application/health+json";

  private static final int MAX_QUERY = 2048;

  private final HealthMonitor monitor;
  private final String basePath;
  private final DetailPolicy details;

  private HealthEndpoints(Builder b) {
    this.monitor = b.monitor;
    this.basePath = b.basePath;
    this.details = b.details;
  }

  /**
   * Starts endpoints over {@code monitor}.
   *
   * @param monitor the monitor whose results to serve
   * @return a builder
   */
  public static Builder builder(HealthMonitor monitor) {
    return new Builder(Objects.requireNonNull(monitor, "monitor"));
  }

  /**
   * Endpoints with the defaults: base path {@code /health}, details for loopback callers.
   *
   * @param monitor the monitor whose results to serve
   * @return the endpoints
   */
  public static HealthEndpoints of(HealthMonitor monitor) {
    return builder(monitor).build();
  }

  /**
   * The base path.
   *
   * @return the path, such as {@code /health}
   */
  @Override
  public String basePath() {
    return basePath;
  }

  /**
   * Answers from the monitor's cached results, so never blocks.
   *
   * @return {@code true}
   */
  @Override
  public boolean nonBlocking() {
    return true;
  }

  /**
   * Answers one request.
   *
   * @param request the request
   * @return the response
   */
  @Override
  public HttpResponse handle(HttpRequest request) {
    boolean head = request.method().equals("HEAD");
    if (!head && !request.method().equals("GET")) {
      Map<String, String> headers = headers("application/json");
      headers.put("Allow", "GET, HEAD");
      return respond(405, headers, ErrorBody.json("method not allowed"), false);
    }
    String path = request.path();
    if (!path.equals(basePath) && !path.startsWith(basePath + "/")) {
      return notFound(head);
    }
    String[] parts =
        path.length() == basePath.length()
            ? new String[0]
            : path.substring(basePath.length() + 1).split("/", -1);
    if (parts.length > 2) {
      return notFound(head);
    }
    try {
      for (int i = 0; i < parts.length; i++) {
        parts[i] = PercentDecoding.segment(parts[i]);
      }
    } catch (IllegalArgumentException bad) {
      return respond(
          400,
          headers("application/json"),
          ErrorBody.json("malformed path: " + bad.getMessage()),
          head);
    }
    Query query;
    try {
      query = Query.parse(request.rawQuery());
    } catch (IllegalArgumentException bad) {
      return respond(400, headers("application/json"), ErrorBody.json(bad.getMessage()), head);
    }
    HealthReport report;
    if (parts.length == 0) {
      report = monitor.report(null, query.exclude);
    } else {
      Optional<HealthGroup> group = group(parts[0]);
      if (group.isEmpty()) {
        return notFound(head);
      }
      if (parts.length == 1) {
        report = monitor.report(group.get(), query.exclude);
      } else {
        Optional<CheckReport> check =
            monitor.report(parts[1]).filter(c -> c.groups().contains(group.get()));
        if (check.isEmpty()) {
          return notFound(head);
        }
        CheckReport c = check.get();
        // The check's own status; a pending one (no result yet) is UP under liveness, as the
        // group is, and shows why (reason "not checked yet").
        Status status = c.countsIn(group.get()) ? c.status() : Status.UP;
        report = new HealthReport(group.get(), status, java.util.List.of(c));
      }
    }
    boolean show = details.allows(request);
    boolean ietf = request.accept() != null && request.accept().contains(HEALTH_JSON);
    byte[] body =
        ietf
            ? HealthJson.ietf(report, show)
            : HealthJson.microProfile(report, show, show && query.verbose);
    int status = report.status() == Status.DOWN ? 503 : 200;
    return respond(status, headers(ietf ? HEALTH_JSON : "application/json"), body, head);
  }

  private Optional<HealthGroup> group(String name) {
    for (HealthGroup g : monitor.groups()) {
      if (g.name().equals(name)) {
        return Optional.of(g);
      }
    }
    return Optional.empty();
  }

  private static HttpResponse notFound(boolean head) {
    return respond(404, headers("application/json"), ErrorBody.json("not found"), head);
  }

  private static Map<String, String> headers(String contentType) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", contentType);
    headers.put("Cache-Control", "no-store");
    return headers;
  }

  private static HttpResponse respond(
      int status, Map<String, String> headers, byte[] body, boolean head) {
    headers.put("Content-Length", Integer.toString(body.length));
    return HttpResponse.of(status, headers, head ? new byte[0] : body);
  }

  /** The parsed query. */
  private static final class Query {
    final Set<String> exclude = new LinkedHashSet<>();
    boolean verbose;

    static Query parse(String raw) {
      Query q = new Query();
      if (raw == null || raw.isEmpty()) {
        return q;
      }
      if (raw.length() > MAX_QUERY) {
        throw new IllegalArgumentException(
            "query longer than " + MAX_QUERY + " characters (" + raw.length() + ")");
      }
      for (String pair : raw.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String key = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        if (key.equals("exclude")) {
          for (String name : value.split(",")) {
            if (!name.isBlank()) {
              q.exclude.add(name.trim());
            }
          }
        } else if (key.equals("verbose")) {
          q.verbose = !value.equals("false") && !value.equals("0");
        }
      }
      return q;
    }

    private static String decode(String s) {
      try {
        return PercentDecoding.query(s);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("malformed query: " + e.getMessage());
      }
    }
  }

  /** Builds {@link HealthEndpoints}. Not thread-safe. */
  public static final class Builder {
    private final HealthMonitor monitor;
    private String basePath = "/health";
    private DetailPolicy details = DetailPolicy.loopback();

    private Builder(HealthMonitor monitor) {
      this.monitor = monitor;
    }

    /**
     * Sets the base path (default {@code /health}).
     *
     * @param basePath starts with {@code /}, does not end with one
     * @return this builder
     */
    public Builder basePath(String basePath) {
      if (basePath == null || !basePath.matches("(/[A-Za-z0-9._~-]+)+")) {
        throw new IllegalArgumentException(
            "health endpoints: basePath must look like /health or /ops/health, was \""
                + basePath
                + "\"");
      }
      this.basePath = basePath;
      return this;
    }

    /**
     * Sets who may see checks' details (default: loopback callers).
     *
     * @param details the policy
     * @return this builder
     */
    public Builder details(DetailPolicy details) {
      this.details = Objects.requireNonNull(details, "details");
      return this;
    }

    /**
     * Builds the endpoints.
     *
     * @return the endpoints
     */
    public HealthEndpoints build() {
      return new HealthEndpoints(this);
    }
  }
}
