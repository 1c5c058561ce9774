package dev.levee.health.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.levee.health.CheckReport;
import dev.levee.health.HealthReport;
import dev.levee.health.Status;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes a {@link HealthReport} in the two shapes the endpoints serve: MicroProfile Health 3
 * ({@code {"status":"UP","checks":[{"name","status","data"}]}}, which knows only UP and DOWN, so
 * DEGRADED is UP with {@code "degraded": true} in data) and the IETF health-check draft ({@code
 * application/health+json}: pass, warn, fail, checks keyed {@code component:measurement}). Without
 * details, both give the status alone.
 */
public final class HealthJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private HealthJson() {}

  /**
   * The MicroProfile Health shape.
   *
   * @param report the report
   * @param details whether to show checks and their data
   * @param verbose whether to add timing and attempt counts to the data
   * @return UTF-8 JSON
   */
  public static byte[] microProfile(HealthReport report, boolean details, boolean verbose) {
    ObjectNode root = JSON.createObjectNode();
    root.put("status", report.status() == Status.DOWN ? "DOWN" : "UP");
    ArrayNode checks = root.putArray("checks");
    if (details) {
      for (CheckReport c : report.checks()) {
        ObjectNode check = checks.addObject();
        check.put("name", c.name());
        check.put("status", c.status() == Status.DOWN ? "DOWN" : "UP");
        ObjectNode data = JSON.createObjectNode();
        c.data().forEach((k, v) -> put(data, k, v));
        if (c.status() == Status.DEGRADED) {
          data.put("degraded", true);
        }
        if (c.reason() != null) {
          data.put("reason", c.reason());
        }
        if (c.error() != null) {
          data.put("error", c.error());
        }
        if (verbose) {
          data.put("critical", c.critical());
          data.put(
              "groups",
              c.groups().stream().map(Object::toString).sorted().collect(Collectors.joining(",")));
          if (c.duration() != null) {
            data.put("duration_ms", c.duration().toNanos() / 1e6);
          }
          if (c.checkedAt() != null) {
            data.put("checked_at", c.checkedAt().toString());
          }
          data.put("consecutive_failures", c.consecutiveFailures());
          data.put("consecutive_successes", c.consecutiveSuccesses());
        }
        if (!data.isEmpty()) {
          check.set("data", data);
        }
      }
    }
    return bytes(root);
  }

  /**
   * The IETF health-check draft shape.
   *
   * @param report the report
   * @param details whether to show checks and their data
   * @return UTF-8 JSON
   */
  public static byte[] ietf(HealthReport report, boolean details) {
    ObjectNode root = JSON.createObjectNode();
    root.put("status", ietf(report.status()));
    if (details) {
      ObjectNode checks = root.putObject("checks");
      for (CheckReport c : report.checks()) {
        ObjectNode entry = checks.putArray(c.name() + ":responseTime").addObject();
        entry.put("componentId", c.name());
        entry.put("status", ietf(c.status()));
        if (c.duration() != null) {
          entry.put("observedValue", c.duration().toNanos() / 1e6);
          entry.put("observedUnit", "ms");
        }
        if (c.checkedAt() != null) {
          entry.put("time", c.checkedAt().toString());
        }
        String output = c.error() != null ? c.reason() + ": " + c.error() : c.reason();
        if (output != null) {
          entry.put("output", output);
        }
        for (Map.Entry<String, Object> d : c.data().entrySet()) {
          ObjectNode measurement = checks.putArray(c.name() + ":" + d.getKey()).addObject();
          measurement.put("componentId", c.name());
          put(measurement, "observedValue", d.getValue());
          measurement.put("status", ietf(c.status()));
          if (c.checkedAt() != null) {
            measurement.put("time", c.checkedAt().toString());
          }
        }
      }
    }
    return bytes(root);
  }

  private static String ietf(Status status) {
    switch (status) {
      case UP:
        return "pass";
      case DEGRADED:
        return "warn";
      default:
        return "fail";
    }
  }

  private static void put(ObjectNode node, String key, Object value) {
    if (value instanceof Boolean) {
      node.put(key, (Boolean) value);
    } else if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      node.put(key, ((Number) value).longValue());
    } else if (value instanceof Number) {
      node.put(key, ((Number) value).doubleValue());
    } else {
      node.put(key, String.valueOf(value));
    }
  }

  private static byte[] bytes(ObjectNode root) {
    try {
      return JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("health JSON could not be written", e);
    }
  }
}
