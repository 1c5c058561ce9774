package dev.levee.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.levee.config.LeveeConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ```yaml} block of the README's "Configuration" section is a valid {@code levee.yaml}
 * as it stands: a reader who copies one gets a configuration, not a list of problems (its pipelines
 * name only instances the block configures).
 */
class ReadmeConfigurationTest {
  private static final Path README = Path.of("..", "README.md");
  private static final String SECTION = "## Configuration (`levee-config`)";

  @Test
  void everyYamlBlockOfTheConfigurationSectionLoads() throws Exception {
    List<String> blocks = yamlBlocks(Files.readAllLines(README, StandardCharsets.UTF_8));
    assertThat(blocks).as("```yaml blocks under %s", SECTION).hasSizeGreaterThanOrEqualTo(2);

    for (String yaml : blocks) {
      assertThatCode(() -> LeveeConfig.load(yaml))
          .as("README block:%n%s", yaml)
          .doesNotThrowAnyException();
    }
    assertThat(LeveeConfig.load(blocks.get(0)).pipelines()).containsKey("orders-db");
  }

  private static List<String> yamlBlocks(List<String> lines) {
    List<String> blocks = new ArrayList<>();
    boolean inSection = false;
    StringBuilder block = null;
    for (String line : lines) {
      if (block != null) {
        if (line.startsWith("```")) {
          blocks.add(block.toString());
          block = null;
        } else {
          block.append(line).append('\n');
        }
      } else if (line.equals(SECTION)) {
        inSection = true;
      } else if (inSection && line.startsWith("## ")) {
        break;
      } else if (inSection && line.equals("```yaml")) {
        block = new StringBuilder();
      }
    }
    return blocks;
  }
}
