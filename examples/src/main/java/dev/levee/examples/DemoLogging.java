package dev.levee.examples;

import dev.levee.config.LeveeConfig;
import java.util.Locale;

/**
 * Applies the configuration's {@code logging:} section, as an application does: Levee reads and
 * validates it ({@link LeveeConfig#logging()}) but never reconfigures its host's logging. Call it
 * before anything logs: Logback reads the properties it sets when it starts.
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
  }
}
