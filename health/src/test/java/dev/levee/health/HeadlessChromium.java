package dev.levee.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.levee.testkit.Await;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's {@code chromium}, headless, driven over the DevTools protocol with the JDK's own {@link
 * WebSocket}: no Selenium, no driver download. {@link #start()} skips the test (visibly, through
 * JUnit's assumptions) when no {@code chromium} or {@code chromium-browser} is on the {@code PATH}.
 */
final class HeadlessChromium implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration BOUND = Duration.ofSeconds(30);

  private final Process process;
  private final Path profile;
  private final HttpClient http = HttpClient.newHttpClient();
  private final WebSocket socket;
  private final Map<Integer, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();

  private HeadlessChromium(Process process, Path profile, String pageSocket) {
    this.process = process;
    this.profile = profile;
    this.socket =
        http.newWebSocketBuilder()
            .buildAsync(URI.create(pageSocket), new Listener())
            .orTimeout(BOUND.toSeconds(), TimeUnit.SECONDS)
            .join();
  }

  /** The browser's binary on the PATH, if any. */
  static Optional<Path> binary() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String name : List.of("chromium", "chromium-browser")) {
      for (String dir : path.split(File.pathSeparator)) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Starts a headless browser on a blank page, or skips the test if there is none.
   *
   * @return the browser
   */
  static HeadlessChromium start() throws IOException {
    Optional<Path> binary = binary();
    Assumptions.assumeTrue(
        binary.isPresent(),
        "SKIPPED: no chromium or chromium-browser on the PATH; the status page's browser test"
            + " needs Debian's chromium (apt-get install -y chromium, as .ci/run does)");
    Path profile = Files.createTempDirectory("levee-chromium-");
    Process process =
        new ProcessBuilder(
                binary.get().toString(),
                "--headless=new",
                "--no-sandbox", // CI runs as root in a container
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--no-default-browser-check",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                "--user-data-dir=" + profile,
                "about:blank")
            .redirectErrorStream(true)
            .redirectOutput(profile.resolve("chromium.log").toFile())
            .start();
    try {
      Path portFile = profile.resolve("DevToolsActivePort");
      Await.until(
          BOUND,
          () -> "chromium wrote its DevTools port; its log: " + log(profile),
          () -> Files.exists(portFile) && lines(portFile).size() >= 2 || !process.isAlive());
      if (!process.isAlive()) {
        throw new IllegalStateException("chromium exited at once; its log: " + log(profile));
      }
      int port = Integer.parseInt(lines(portFile).get(0).trim());
      String page = pageSocket(port);
      return new HeadlessChromium(process, profile, page);
    } catch (RuntimeException | Error e) {
      process.destroyForcibly();
      delete(profile);
      throw e;
    }
  }

  private static String pageSocket(int port) {
    HttpClient client = HttpClient.newHttpClient();
    String[] found = new String[1];
    Await.until(
        BOUND,
        "chromium lists its blank page",
        () -> {
          try {
            HttpResponse<String> r =
                client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
            for (JsonNode target : JSON.readTree(r.body())) {
              if (target.path("type").asText().equals("page")) {
                found[0] = target.get("webSocketDebuggerUrl").asText();
                return true;
              }
            }
            return false;
          } catch (IOException e) {
            return false;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
        });
    return found[0];
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      return List.of();
    }
  }

  private static String log(Path profile) {
    List<String> lines = lines(profile.resolve("chromium.log"));
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }

  /**
   * Sends one DevTools command and waits for its answer.
   *
   * @param method such as {@code Page.navigate}
   * @param params its parameters
   * @return the result
   */
  JsonNode send(String method, Map<String, Object> params) {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    replies.put(id, reply);
    ObjectNode message = JSON.createObjectNode();
    message.put("id", id);
    message.put("method", method);
    message.set("params", JSON.valueToTree(params));
    socket.sendText(message.toString(), true).orTimeout(BOUND.toSeconds(), TimeUnit.SECONDS).join();
    JsonNode answer = reply.orTimeout(BOUND.toSeconds(), TimeUnit.SECONDS).join();
    if (answer.has("error")) {
      throw new IllegalStateException(method + " failed: " + answer.get("error"));
    }
    return answer.get("result");
  }

  /** Opens {@code url} in the page (a navigation, as typing it) and waits until it has loaded. */
  void navigate(String url) {
    send("Page.navigate", Map.of("url", url));
    Await.until(
        BOUND,
        () -> "chromium loaded " + url,
        () -> text("location.href").equals(url) && text("document.readyState").equals("complete"));
  }

  /**
   * Evaluates a JavaScript expression in the page.
   *
   * @param expression the expression
   * @return its value, as JSON ({@code null} if undefined)
   */
  JsonNode eval(String expression) {
    JsonNode result =
        send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
    if (result.has("exceptionDetails")) {
      throw new IllegalStateException(
          "the page threw on " + expression + ": " + result.get("exceptionDetails"));
    }
    return result.path("result").path("value");
  }

  /** Evaluates an expression that gives a string; {@code ""} for null or undefined. */
  String text(String expression) {
    JsonNode value = eval("String((" + expression + ") ?? '')");
    return value.asText();
  }

  @Override
  public void close() {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS);
    } finally {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      delete(profile);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Collects text frames (which may come in parts) and completes the matching reply. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          JsonNode message = JSON.readTree(partial.toString());
          if (message.has("id")) {
            CompletableFuture<JsonNode> reply = replies.remove(message.get("id").asInt());
            if (reply != null) {
              reply.complete(message);
            }
          }
        } catch (IOException e) {
          replies.values().forEach(r -> r.completeExceptionally(e));
        }
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }
  }
}
