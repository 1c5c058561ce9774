package dev.levee.spring.internal;

import dev.levee.config.ConfigException;
import dev.levee.config.LeveeConfig;
import dev.levee.spring.LeveePropertiesException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.env.Environment;

/**
 * What the application's {@code levee.*} properties say: Levee's configuration, read by {@code
 * levee-config}'s own reader and rules (one source of keys), and this module's {@code
 * levee.spring.*} settings. Every problem of both is reported together, in Spring's words.
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
      problems.addAll(e.problems());
    }
    SpringSettings spring = SpringSettings.read(tree.springOnly(), problems);
    if (!problems.isEmpty()) {
      throw new LeveePropertiesException(problems.stream().map(tree::render).toList());
    }
    return new LeveeSettings(config, spring);
  }
}
