package dev.levee.examples;

import dev.levee.config.ConfigException;
import dev.levee.config.LeveeConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo's command line, checked whole before anything starts: a mistake is a {@link BadStart}
 * naming the flag, the value and the rule.
 *
 * @param help {@code --help}: print {@link #USAGE} and exit
 * @param tour {@code --tour}: the guided walk instead of the service
 * @param chaos {@code --chaos}: the scripted outages
 * @param port {@code --port}, or empty for the configuration's {@code health.http.port}
 * @param rate {@code --rate}, requests a second
 * @param duration {@code --duration}, or {@code null} to run until Ctrl-C
 * @param config {@code --config}, or {@code null} for the built-in configuration
 */
record DemoArgs(
    boolean help,
    boolean tour,
    boolean chaos,
    OptionalInt port,
    int rate,
    Duration duration,
    Path config) {
  static final int MAX_RATE = 10_000;
  private static final String BUILT_IN = "demo-levee.yaml";
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

  static final String USAGE =
      """
      usage: java -jar examples/target/levee-demo.jar [--port N] [--chaos] [--duration 90s]
                                                      [--config levee.yaml] [--rate N] [--tour]

      Runs an orders service writing to H2 (on 127.0.0.1, with a password made for the run)
      through a retry, a circuit breaker and an adaptive limit, with /health, /metrics and a status page at / on
      the same port, a load generator (--rate, default 20/s) and a status line every second.

      Where it listens: without --config, on 127.0.0.1:8080; with --config, on the file's
      health.http.bind_address and health.http.port (Levee's defaults, 0.0.0.0 and 8080, for
      what the file leaves out). LEVEE_HEALTH__HTTP__BIND_ADDRESS and LEVEE_HEALTH__HTTP__PORT
      override either; --port N wins over all (0 picks a free port).

      --chaos slows the database down after 10s for 12s (the adaptive limit shrinks), stops it
      6s later and restarts it 12s later, then stops two of the three Raft servers 6s apart and
      restarts them (about 60s in all). --duration ends the run
      with a graceful shutdown; Ctrl-C does the same. --config also sets the db breaker and
      retry, and logging: logging.format json makes every log line one JSON object. Log lines
      go to stderr, status lines to stdout. --tour instead prints a short walk through errors,
      timeouts, a circuit breaker, health and metrics, and exits.

      A mistake in a flag, the port or the file is one line on stderr and exit status 2.""";

  /**
   * Parses the command line.
   *
   * @param args the arguments
   * @return what they ask for
   * @throws BadStart naming the first mistake
   */
  static DemoArgs parse(String... args) throws BadStart {
    boolean help = false;
    boolean tour = false;
    boolean chaos = false;
    OptionalInt port = OptionalInt.empty();
    int rate = 20;
    Duration duration = null;
    Path config = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--help", "-h" -> help = true;
        case "--tour" -> tour = true;
        case "--chaos" -> chaos = true;
        case "--port" -> port = OptionalInt.of(number(arg, value(args, ++i, arg), 0, 65535));
        case "--rate" -> rate = number(arg, value(args, ++i, arg), 1, MAX_RATE);
        case "--duration" -> duration = duration(arg, value(args, ++i, arg));
        case "--config" -> config = path(arg, value(args, ++i, arg));
        default -> throw new BadStart("unknown argument: " + arg + " (try --help)");
      }
    }
    return new DemoArgs(help, tour, chaos, port, rate, duration, config);
  }

  private static String value(String[] args, int i, String flag) throws BadStart {
    if (i >= args.length) {
      throw new BadStart(flag + " needs a value (try --help)");
    }
    return args[i];
  }

  private static int number(String flag, String text, int min, int max) throws BadStart {
    long n;
    try {
      n = Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new BadStart(
          flag + " must be a whole number in [" + min + ", " + max + "], was \"" + text + "\"");
    }
    if (n < min || n > max) {
      throw new BadStart(flag + " must be in [" + min + ", " + max + "], was " + n);
    }
    return (int) n;
  }

  private static Duration duration(String flag, String text) throws BadStart {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      throw new BadStart(flag + " must look like 500ms, 90s, 2m or 1h, was \"" + text + "\"");
    }
    long n = Long.parseLong(m.group(1)); // at most 9 digits: no overflow, even in hours
    Duration d =
        switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          default -> Duration.ofHours(n);
        };
    if (d.isZero()) {
      throw new BadStart(flag + " must be more than 0, was " + text.trim());
    }
    return d;
  }

  private static Path path(String flag, String text) throws BadStart {
    if (text.isBlank()) {
      throw new BadStart(flag + " needs a file name, was \"" + text + "\"");
    }
    try {
      return Path.of(text);
    } catch (java.nio.file.InvalidPathException e) {
      throw new BadStart(flag + ": not a file name: \"" + text + "\" (" + e.getReason() + ")");
    }
  }

  /**
   * Reads the configuration: {@code --config}'s file, or the built-in one (127.0.0.1:8080, console
   * logs), each with Levee's overrides from {@code LEVEE_*} variables and {@code levee.*}
   * properties.
   *
   * @return the validated configuration
   * @throws BadStart if the file cannot be read or has problems: the message is the exception's
   *     (every problem of an invalid file, one a line), with the reason a file could not be read
   */
  LeveeConfig loadConfig() throws BadStart {
    try {
      return config == null ? builtIn() : LeveeConfig.load(config);
    } catch (ConfigException e) {
      throw new BadStart(e.getMessage());
    }
  }

  private static LeveeConfig builtIn() {
    try (InputStream in = DemoArgs.class.getResourceAsStream("/" + BUILT_IN)) {
      if (in == null) {
        throw new IllegalStateException(BUILT_IN + " is missing from the demo's classpath");
      }
      return LeveeConfig.load(
          "the demo's built-in " + BUILT_IN,
          new String(in.readAllBytes(), StandardCharsets.UTF_8),
          System.getenv(),
          System.getProperties());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the demo's built-in " + BUILT_IN, e);
    }
  }
}
