package dev.levee.spring.internal;

import dev.levee.common.internal.DidYouMean;
import dev.levee.config.ConfigException;
import dev.levee.config.LeveeConfig;
import dev.levee.spring.LeveePropertiesException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;

/**
 * What the application's {@code levee.*} properties say: Levee's configuration, read by {@code
 * levee-config}'s own reader and rules (one source of keys), and this module's {@code
 * levee.spring.*} settings. Every problem of both is reported together, in Spring's words; Levee's
 * standalone-only settings that are set ({@code levee.health.http.*}, {@code levee.metrics.port},
 * {@code levee.logging.*}, {@code levee.shutdown.hook}) are named in one WARN line, since Spring
 * Boot's server, logging and context do their jobs here.
 *
 * @param config Levee's configuration
 * @param spring this module's settings
 */
public record LeveeSettings(LeveeConfig config, SpringSettings spring) {
  /**
   * Reads the environment's {@code levee.*} properties.
   *
   * @param environment the application's environment
   * @return the settings
   * @throws LeveePropertiesException listing every problem, each naming its property
   */
  public static LeveeSettings read(Environment environment) {
    PropertyTree tree = PropertyTree.of(environment);
    List<String> problems = new ArrayList<>();
    LeveeConfig config = null;
    try {
      config = LeveeConfig.fromTree("levee.* properties", tree.tree());
    } catch (ConfigException e) {
      e.problems().forEach(p -> problems.add(withSpring(p)));
    }
    SpringSettings spring = SpringSettings.read(tree.springOnly(), problems);
    if (!problems.isEmpty()) {
      throw new LeveePropertiesException(problems.stream().map(tree::render).toList());
    }
    List<String> unused = tree.standaloneOnly();
    if (!unused.isEmpty()) {
      LOG.atWarn()
          .addKeyValue("component", "levee")
          .addKeyValue("properties", String.join(",", unused))
          .log(
              "{}: Levee's standalone settings, which do nothing under Spring Boot: Spring Boot's"
                  + " server serves Levee's health and metrics (server.port,"
                  + " management.server.port), its logging.* properties own logging, and closing"
                  + " the application context runs Levee's shutdown",
              String.join(", ", unused));
    }
    return new LeveeSettings(config, spring);
  }

  private static final Logger LOG = LoggerFactory.getLogger(LeveeSettings.class);

  /** An unknown key at the top of {@code levee.}, as levee-config words it. */
  private static final Pattern TOP_UNKNOWN =
      Pattern.compile(
          "([^.:\\s]+): unknown key(?:; did you mean \"[^\"]*\"\\?)? \\(known here: ([^)]*)\\)");

  /**
   * A problem levee-config found, with {@code spring} among the top-level keys: levee-config does
   * not know this module's own subtree, so without it a misspelt {@code levee.sprng.*} would get no
   * suggestion, or a wrong one.
   */
  private static String withSpring(String problem) {
    Matcher m = TOP_UNKNOWN.matcher(problem);
    if (!m.matches()) {
      return problem;
    }
    List<String> known = new ArrayList<>(Arrays.asList(m.group(2).split(", ")));
    known.add("spring");
    String suggestion = DidYouMean.closest(m.group(1), known);
    return m.group(1)
        + ": unknown key"
        + (suggestion == null ? "" : "; did you mean \"" + suggestion + "\"?")
        + " (known here: "
        + String.join(", ", known)
        + ")";
  }
}
