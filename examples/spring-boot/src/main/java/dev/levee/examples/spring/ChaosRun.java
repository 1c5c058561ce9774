package dev.levee.examples.spring;

import dev.levee.config.Levee;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * {@code --chaos}: the demo's story on Spring Boot. The service sends itself 20 orders a second and
 * prints a status line each second; H2 stops (saves fail, the breaker opens, rejections are
 * immediate, readiness turns 503 while liveness stays 200), comes back (the breaker half-opens and
 * closes, readiness returns), and the application shuts down gracefully: readiness 503 for the
 * propagation delay, the drain, then the web server.
 */
@Component
public class ChaosRun implements ApplicationRunner {
  private final ConfigurableApplicationContext context;
  private final OrderDatabase db;
  private final Levee levee;
  private final Duration outageAt;
  private final Duration restoreAt;
  private final Duration endAt;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong ok = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong unanswered = new AtomicLong();
  private volatile String phase = "steady";

  /**
   * Creates the run.
   *
   * @param context the application
   * @param levee Levee, for the breaker's state
   * @param outageAt when H2 stops ({@code demo.chaos.outage-at}, default 10s)
   * @param restoreAt when it comes back ({@code demo.chaos.restore-at}, default 20s)
   * @param endAt when the application shuts down ({@code demo.chaos.end-at}, default 35s)
   */
  public ChaosRun(
      ConfigurableApplicationContext context,
      Levee levee,
      @Value("${demo.chaos.outage-at:10s}") Duration outageAt,
      @Value("${demo.chaos.restore-at:20s}") Duration restoreAt,
      @Value("${demo.chaos.end-at:35s}") Duration endAt) {
    this.context = context;
    this.db = context.getBean(OrderDatabase.class);
    this.levee = levee;
    this.outageAt = outageAt;
    this.restoreAt = restoreAt;
    this.endAt = endAt;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (!args.containsOption("chaos")) {
      return;
    }
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    Thread t = new Thread(() -> story(port), "demo-chaos");
    t.start();
  }

  private void story(int port) {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    String base = "http://127.0.0.1:" + port;
    long start = System.nanoTime();
    long nextLine = 1;
    boolean out = false;
    boolean back = false;
    try {
      while (true) {
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        if (!out && elapsedMs >= outageAt.toMillis()) {
          out = true;
          phase = "database stopped";
          System.out.println(
              "== chaos: stopping the H2 server: saves fail, the breaker opens, readiness goes"
                  + " DOWN");
          db.stop();
        }
        if (!back && elapsedMs >= restoreAt.toMillis()) {
          back = true;
          phase = "database restarted";
          System.out.println(
              "== chaos: H2 is back: the breaker half-opens and closes, readiness returns");
          db.restart();
        }
        if (elapsedMs >= endAt.toMillis()) {
          break;
        }
        order(client, base);
        if (elapsedMs >= nextLine * 1000) {
          status(client, base, nextLine++);
        }
        Thread.sleep(50); // the load's pace (20 orders a second), not a test waiting for time
      }
    } catch (Exception e) {
      System.out.println("== chaos stopped: " + e);
    }
    System.out.println(
        "== shutting down: readiness DOWN (503) for the propagation delay, the drain, then the"
            + " web server");
    long closing = System.nanoTime();
    int code = SpringApplication.exit(context);
    System.out.printf(
        "== stopped (%s) in %dms: sent=%d ok=%d failed=%d rejected(fast)=%d unanswered=%d%n",
        code == 0 ? "clean" : "exit " + code,
        (System.nanoTime() - closing) / 1_000_000,
        sent.get(),
        ok.get(),
        failed.get(),
        rejected.get(),
        unanswered.get());
    System.exit(code);
  }

  private void order(HttpClient client, String base) {
    sent.incrementAndGet();
    client
        .sendAsync(
            HttpRequest.newBuilder(URI.create(base + "/orders?item=o" + sent.get()))
                .POST(HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .whenComplete(
            (r, e) -> {
              if (e != null) {
                unanswered.incrementAndGet();
              } else if (r.statusCode() == 201) {
                ok.incrementAndGet();
              } else if (r.statusCode() == 503) {
                rejected.incrementAndGet();
              } else {
                failed.incrementAndGet();
              }
            });
  }

  private void status(HttpClient client, String base, long t) {
    System.out.printf(
        "t=%3ds [%-18s] sent=%d ok=%d failed=%d rejected(fast)=%d breaker db=%s readiness=%d"
            + " liveness=%d%n",
        t,
        phase,
        sent.get(),
        ok.get(),
        failed.get(),
        rejected.get(),
        levee.circuitBreakers().getOrCreate("db").state(),
        code(client, base + "/actuator/health/readiness"),
        code(client, base + "/actuator/health/liveness"));
  }

  private static int code(HttpClient client, String url) {
    try {
      return client
          .send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception e) {
      return -1;
    }
  }
}
