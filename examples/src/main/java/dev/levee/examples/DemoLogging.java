package dev.levee.examples;

import dev.levee.config.LeveeConfig;
import java.util.Locale;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Applies the configuration's {@code logging:} section, as an application does: Levee reads and
 * validates it ({@link LeveeConfig#logging()}) but never reconfigures its host's logging. Call it
 * before anything logs.
 *
 * <p>Logback's configuration ({@code logback.xml}, or {@code logback-json.xml} for {@code format:
 * json}) sends every line to stderr, so stdout keeps the demo's status lines. {@code
 * java.util.logging} (Ratis's shaded gRPC, the JDK's HTTP client) goes through SLF4J too, so that
 * with JSON every log line is one JSON object; logback's {@code LevelChangePropagator} sets JUL's
 * levels from logback's, so a JUL record logback would drop is dropped before it is built.
 */
final class DemoLogging {
  private DemoLogging() {}

  /**
   * Sets up logging; an application's own {@code -Dlogback.configurationFile} wins over the format.
   *
   * @param logging the configuration's logging section
   */
  static void apply(LeveeConfig.Logging logging) {
    System.setProperty("demo.log.level", logging.level().toUpperCase(Locale.ROOT));
    if (logging.format().equals("json")
        && System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "logback-json.xml");
    }
    SLF4JBridgeHandler.removeHandlersForRootLogger(); // JUL's own console handler, plain text
    SLF4JBridgeHandler.install();
    LoggerFactory.getILoggerFactory(); // logback starts now, and sets JUL's levels from its own
  }
}
