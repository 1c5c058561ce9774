package dev.levee.health.internal;

import static dev.levee.health.internal.HtmlText.tenths;

import dev.levee.core.CircuitBreakerState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The breakers' charts in the page's first view: SVG polylines of calls, failures and rejections
 * per second, drawn as the page's script draws them (newest sample at the right edge).
 *
 * <p>The server draws at most {@value #DRAWN} of them: 1,000 breakers' charts are 540,000 points, 6
 * MB of page and 40 ms to write, for a view the script replaces within two seconds. The ones drawn
 * are those an operator looks at first: breakers not closed, then the busiest (calls and rejections
 * over the window), then by name; the others' cells say the chart comes with the script, and a note
 * under the table says how many were left out. Without JavaScript the page still shows every
 * breaker's state and counts.
 */
final class StatusCharts {
  /** How many samples a chart spans (the sampler's default window). */
  static final int SAMPLES = 180;

  /** How many charts the server draws at most. */
  static final int DRAWN = 50;

  private StatusCharts() {}

  /**
   * The breakers whose charts the server draws.
   *
   * @param breakers every breaker in the view
   * @return those to draw, by identity
   */
  static Map<StatusView.Breaker, Boolean> drawn(List<StatusView.Breaker> breakers) {
    Map<StatusView.Breaker, Boolean> drawn = new IdentityHashMap<>();
    if (breakers.size() <= DRAWN) {
      breakers.forEach(b -> drawn.put(b, Boolean.TRUE));
      return drawn;
    }
    List<StatusView.Breaker> ranked = new ArrayList<>(breakers); // by name already: ties keep it
    Map<StatusView.Breaker, Long> activity = new IdentityHashMap<>();
    for (StatusView.Breaker b : breakers) {
      activity.put(b, activity(b));
    }
    ranked.sort(
        Comparator.comparing(
                (StatusView.Breaker b) -> b.stats().state() == CircuitBreakerState.CLOSED)
            .thenComparing(b -> -activity.get(b)));
    for (StatusView.Breaker b : ranked.subList(0, DRAWN)) {
      drawn.put(b, Boolean.TRUE);
    }
    return drawn;
  }

  private static long activity(StatusView.Breaker b) {
    long sum = 0;
    int[] calls = b.series().calls();
    int[] rejections = b.series().rejections();
    for (int i = 0; i < calls.length; i++) {
      sum += (long) calls[i] + rejections[i];
    }
    return sum;
  }

  /** The same lines as the script draws: newest sample at the right edge. */
  static void chart(StringBuilder out, CallRates.Series s) {
    int w = 180;
    int h = 36;
    int n = s.calls().length;
    int max = 1;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, s.calls()[i] + s.rejections()[i]);
    }
    out.append("<svg class=\"chart\" width=\"180\" height=\"36\" viewBox=\"0 0 180 36\">");
    out.append("<title>calls, failures and rejections per second, last ").append(n);
    out.append(" s</title>");
    line(out, s.calls(), "calls", "#0969da", w, h, max);
    line(out, s.failures(), "failures", "#cf222e", w, h, max);
    line(out, s.rejections(), "rejections", "#b7791f", w, h, max);
    out.append("</svg>");
  }

  private static void line(
      StringBuilder out, int[] values, String kind, String colour, int w, int h, int max) {
    out.append("<polyline class=\"k-").append(kind).append("\" fill=\"none\" stroke=\"");
    out.append(colour).append("\" stroke-width=\"1.5\" points=\"");
    int n = values.length;
    for (int j = 0; j < n; j++) {
      // x = w - (n - 1 - j) * w / SAMPLES, y = h - 1 - v * (h - 2) / max, in tenths: no
      // String.format (a page of 1,000 breakers draws 540,000 points).
      long x10 = Math.round(10 * (w - (n - 1 - j) * ((double) w / SAMPLES)));
      long y10 = Math.round(10 * (h - 1 - values[j] * (h - 2.0) / max));
      if (j > 0) {
        out.append(' ');
      }
      tenths(out, x10).append(',');
      tenths(out, y10);
    }
    out.append("\"/>");
  }
}
